import { describe, expect, it } from 'vitest';
import { type PanelPlacementInput, panelClickAction, placePanel } from './window-position';

const size = { width: 380, height: 560 };
const screen1080 = { x: 0, y: 0, width: 1920, height: 1080 };
function inside(p: { x: number; y: number }, work: { x: number; y: number; width: number; height: number }) {
  return (
    p.x >= work.x &&
    p.y >= work.y &&
    p.x + size.width <= work.x + work.width &&
    p.y + size.height <= work.y + work.height
  );
}

describe('placePanel', () => {
  it('macOS: under the icon in the menu bar, centred on it', () => {
    const input: PanelPlacementInput = {
      platform: 'darwin',
      trayBounds: { x: 1500, y: 0, width: 22, height: 24 },
      cursor: { x: 1510, y: 10 },
      display: { bounds: screen1080, workArea: { x: 0, y: 25, width: 1920, height: 1055 } },
      size,
    };
    expect(placePanel(input)).toEqual({ x: 1321, y: 29 });
  });

  it('macOS: an icon near the right edge keeps the panel on screen', () => {
    const p = placePanel({
      platform: 'darwin',
      trayBounds: { x: 1900, y: 0, width: 20, height: 24 },
      cursor: { x: 1910, y: 10 },
      display: { bounds: screen1080, workArea: { x: 0, y: 25, width: 1920, height: 1055 } },
      size,
    });
    expect(p).toEqual({ x: 1920 - 380 - 4, y: 29 });
  });

  it('Windows: taskbar at the bottom, the panel above the icon', () => {
    const p = placePanel({
      platform: 'win32',
      trayBounds: { x: 1700, y: 1045, width: 24, height: 30 },
      cursor: { x: 1710, y: 1060 },
      display: { bounds: screen1080, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
      size,
    });
    expect(p).toEqual({ x: 1522, y: 1040 - 560 - 4 });
  });

  it('Windows: taskbar on the left, the panel beside it', () => {
    const p = placePanel({
      platform: 'win32',
      trayBounds: { x: 10, y: 900, width: 24, height: 24 },
      cursor: { x: 20, y: 910 },
      display: { bounds: screen1080, workArea: { x: 60, y: 0, width: 1860, height: 1080 } },
      size,
    });
    expect(p.x).toBe(64);
    expect(inside(p, { x: 60, y: 0, width: 1860, height: 1080 })).toBe(true);
  });

  it('Windows: taskbar on the right, the panel to its left', () => {
    const p = placePanel({
      platform: 'win32',
      trayBounds: { x: 1880, y: 500, width: 24, height: 24 },
      cursor: { x: 1890, y: 510 },
      display: { bounds: screen1080, workArea: { x: 0, y: 0, width: 1860, height: 1080 } },
      size,
    });
    expect(p).toEqual({ x: 1860 - 380 - 4, y: 232 });
  });

  it('Linux: zero tray bounds, the cursor stands in for the icon (top panel)', () => {
    const p = placePanel({
      platform: 'linux',
      trayBounds: { x: 0, y: 0, width: 0, height: 0 },
      cursor: { x: 1700, y: 12 },
      display: { bounds: screen1080, workArea: { x: 0, y: 27, width: 1920, height: 1053 } },
      size,
    });
    expect(p).toEqual({ x: 1510, y: 31 });
  });

  it('Linux: a bottom panel puts the panel above the cursor', () => {
    const p = placePanel({
      platform: 'linux',
      trayBounds: null,
      cursor: { x: 300, y: 1070 },
      display: { bounds: screen1080, workArea: { x: 0, y: 0, width: 1920, height: 1044 } },
      size,
    });
    expect(p).toEqual({ x: 110, y: 1044 - 560 - 4 });
  });

  it('never off-screen, for any cursor on a second display or a tiny one', () => {
    const displays = [
      {
        bounds: { x: 1920, y: -200, width: 1280, height: 1024 },
        workArea: { x: 1920, y: -180, width: 1280, height: 1004 },
      },
      { bounds: { x: 0, y: 0, width: 800, height: 600 }, workArea: { x: 0, y: 0, width: 800, height: 600 } },
    ];
    for (const display of displays) {
      for (let i = 0; i < 200; i++) {
        const cursor = {
          x: display.bounds.x + ((i * 97) % display.bounds.width),
          y: display.bounds.y + ((i * 53) % display.bounds.height),
        };
        for (const platform of ['linux', 'win32', 'darwin'] as const) {
          const p = placePanel({ platform, trayBounds: null, cursor, display, size });
          expect(inside(p, display.workArea), `${platform} ${JSON.stringify(cursor)}`).toBe(true);
        }
      }
    }
  });
});

describe('panelClickAction', () => {
  it('hides an open panel, opens a closed one', () => {
    expect(panelClickAction(true, Infinity)).toBe('hide');
    expect(panelClickAction(false, Infinity)).toBe('show');
  });
  it('leaves closed the panel that this very click just closed by taking its focus', () => {
    expect(panelClickAction(false, 40)).toBe('none');
    expect(panelClickAction(false, 2_000)).toBe('show');
  });
});
