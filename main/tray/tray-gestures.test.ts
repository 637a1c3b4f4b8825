import { describe, expect, it } from 'vitest';
import { attachesMenu, trayGestureAction } from './tray-gestures';

describe('tray gestures', () => {
  it('on macOS: no attached menu; a left click toggles the panel, a right or Control-click opens the menu', () => {
    expect(attachesMenu('darwin')).toBe(false);
    expect(trayGestureAction('darwin', 'click')).toBe('toggle-panel');
    expect(trayGestureAction('darwin', 'right-click')).toBe('pop-up-menu');
    expect(trayGestureAction('darwin', 'click', { ctrlKey: true })).toBe('pop-up-menu');
  });

  it.each(['win32', 'linux'] as const)(
    'on %s: the menu is attached (the OS opens it); a click toggles the panel',
    (p) => {
      expect(attachesMenu(p)).toBe(true);
      expect(trayGestureAction(p, 'click')).toBe('toggle-panel');
      expect(trayGestureAction(p, 'click', { ctrlKey: true })).toBe('toggle-panel');
      expect(trayGestureAction(p, 'right-click')).toBe('none');
    },
  );
});
