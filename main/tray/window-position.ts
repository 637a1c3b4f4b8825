/**
 * Where the panel opens: next to the tray icon, inside the display's work area, never off-screen.
 * macOS and Windows report the icon's bounds; on Linux they are zeros (and on Wayland there are no
 * coordinates at all), so the cursor stands in for the icon.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface PanelPlacementInput {
  platform: NodeJS.Platform;
  /** tray.getBounds(); zeros (or absent) where the platform does not report them. */
  trayBounds: Rect | null;
  /** screen.getCursorScreenPoint() at the click. */
  cursor: Point;
  /** The display the icon (or cursor) is on: its full bounds and its work area (minus menu bar, taskbar, panels). */
  display: { bounds: Rect; workArea: Rect };
  size: { width: number; height: number };
}

/** Space between the panel and the icon or screen edge. */
const GAP = 4;

function isUsable(r: Rect | null): r is Rect {
  return !!r && r.width > 0 && r.height > 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}

export function placePanel({ platform, trayBounds, cursor, display, size }: PanelPlacementInput): Point {
  const work = display.workArea;
  // The icon, or the cursor's point where the platform gives no bounds.
  const anchor: Rect = isUsable(trayBounds) ? trayBounds : { x: cursor.x, y: cursor.y, width: 0, height: 0 };
  const centerX = anchor.x + anchor.width / 2;
  const centerY = anchor.y + anchor.height / 2;

  let x: number;
  let y: number;
  // Which edge the icon sits at: the taskbar/panel may be at any side on Windows and Linux.
  const atTop = platform === 'darwin' || centerY < work.y + work.height / 4;
  const atBottom = !atTop && centerY > work.y + (work.height * 3) / 4;
  const atLeft = !atTop && !atBottom && centerX < work.x + work.width / 2;
  if (atTop) {
    x = centerX - size.width / 2;
    y = Math.max(anchor.y + anchor.height, work.y) + GAP;
  } else if (atBottom) {
    x = centerX - size.width / 2;
    y = Math.min(anchor.y, work.y + work.height) - size.height - GAP;
  } else if (atLeft) {
    x = Math.max(anchor.x + anchor.width, work.x) + GAP;
    y = centerY - size.height / 2;
  } else {
    x = Math.min(anchor.x, work.x + work.width) - size.width - GAP;
    y = centerY - size.height / 2;
  }
  return {
    x: Math.round(clamp(x, work.x + GAP, work.x + work.width - size.width - GAP)),
    y: Math.round(clamp(y, work.y + GAP, work.y + work.height - size.height - GAP)),
  };
}

/**
 * What a click on the tray icon does to the panel. Clicking the icon while the panel is open first
 * blurs the panel, which hides it; the click that follows must not open it again at once.
 */
export function panelClickAction(visible: boolean, msSinceHiddenByBlur: number): 'show' | 'hide' | 'none' {
  if (visible) return 'hide';
  return msSinceHiddenByBlur < BLUR_CLICK_MS ? 'none' : 'show';
}

/** A blur this recent was caused by the click on the icon itself. */
const BLUR_CLICK_MS = 300;
