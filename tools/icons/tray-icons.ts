/**
 * The icons' source: each tray state drawn as shapes in a unit square. Three dots are the
 * cluster's workers; the fourth corner carries the state: a dot (running), a warning triangle
 * (degraded), rings for everything (stopped), a dash (no cluster), a cross (config problem).
 */
import type { TrayIconName } from '../../main/tray/tray-icon';
import type { Layer, Shape } from './raster';

type Rgb = readonly [number, number, number];

/** Template images are black; macOS tints them for light and dark menu bars. */
const BLACK: Rgb = [0, 0, 0];
/** Mid-grey dots read on light and dark panels alike (GNOME, KDE, Windows taskbar). */
const DOT: Rgb = [128, 138, 154];
const COLORS: Record<TrayIconName, Rgb> = {
  running: [34, 160, 84],
  degraded: [232, 150, 0],
  stopped: DOT,
  'no-cluster': [59, 130, 246],
  problem: [217, 48, 37],
};

const R = 0.175;
const CELLS: [number, number][] = [
  [0.27, 0.27],
  [0.73, 0.27],
  [0.27, 0.73],
];
const CORNER: [number, number] = [0.73, 0.73];

function dot([cx, cy]: [number, number], hollow: boolean): Shape {
  return hollow ? { kind: 'ring', cx, cy, r: R, width: 0.09 } : { kind: 'circle', cx, cy, r: R };
}

function mark(name: TrayIconName): Shape[] {
  const [cx, cy] = CORNER;
  switch (name) {
    case 'running':
      return [dot(CORNER, false)];
    case 'stopped':
      return [dot(CORNER, true)];
    case 'degraded':
      return [
        {
          kind: 'triangle',
          points: [
            [cx, cy - 0.24],
            [cx + 0.25, cy + 0.21],
            [cx - 0.25, cy + 0.21],
          ],
        },
      ];
    case 'no-cluster':
      return [{ kind: 'capsule', x1: cx - 0.19, y1: cy, x2: cx + 0.19, y2: cy, width: 0.12 }];
    case 'problem':
      return [
        { kind: 'capsule', x1: cx - 0.15, y1: cy - 0.15, x2: cx + 0.15, y2: cy + 0.15, width: 0.11 },
        { kind: 'capsule', x1: cx - 0.15, y1: cy + 0.15, x2: cx + 0.15, y2: cy - 0.15, width: 0.11 },
      ];
  }
}

export function trayIconLayers(name: TrayIconName, template: boolean): Layer[] {
  const hollow = name === 'stopped';
  const dots = CELLS.map((c): Layer => ({ shape: dot(c, hollow), color: template ? BLACK : DOT }));
  const marks = mark(name).map((shape): Layer => ({ shape, color: template ? BLACK : COLORS[name] }));
  return [...dots, ...marks];
}

/** The application icon (installers, About): the running glyph, white on a rounded dark tile. */
export function appIconLayers(): Layer[] {
  const WHITE: Rgb = [255, 255, 255];
  const scale = (s: Shape): Shape => {
    const f = (v: number) => 0.2 + v * 0.6;
    return s.kind === 'circle' ? { ...s, cx: f(s.cx), cy: f(s.cy), r: s.r * 0.6 } : s;
  };
  return [
    { shape: { kind: 'rect', x: 0.06, y: 0.06, w: 0.88, h: 0.88, radius: 0.2 }, color: [30, 41, 59] },
    ...CELLS.map((c): Layer => ({ shape: scale(dot(c, false)), color: WHITE })),
    { shape: scale(dot(CORNER, false)), color: COLORS.running },
  ];
}
