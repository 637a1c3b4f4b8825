import { describe, expect, it } from 'vitest';
import { loginItemMechanism, reconcileStartAtLogin, startAtLoginToApply } from './login-item-sync';

describe('Start at Login against the OS', () => {
  it('uses Electron on macOS and Windows, an XDG autostart entry elsewhere', () => {
    expect(loginItemMechanism('darwin')).toBe('electron');
    expect(loginItemMechanism('win32')).toBe('electron');
    expect(loginItemMechanism('linux')).toBe('xdg-autostart');
  });

  it('takes the OS state at start where it differs, and keeps the preference where the OS cannot say', () => {
    expect(reconcileStartAtLogin(true, false)).toBe(false);
    expect(reconcileStartAtLogin(false, true)).toBe(true);
    expect(reconcileStartAtLogin(true, true)).toBeNull();
    expect(reconcileStartAtLogin(true, null)).toBeNull();
  });

  it('tells the OS only when Start at Login changes', () => {
    expect(startAtLoginToApply(false, true)).toBe(true);
    expect(startAtLoginToApply(true, false)).toBe(false);
    expect(startAtLoginToApply(true, true)).toBeNull();
  });
});
