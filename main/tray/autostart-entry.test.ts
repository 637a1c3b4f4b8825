import { describe, expect, it } from 'vitest';
import { autostartDesktopEntry, autostartFile, quoteExec } from './autostart-entry';

describe('autostartFile', () => {
  it('is in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/autostart/covalent-dask-tray.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: '' }, '/home/a')).toBe(
      '/home/a/.config/autostart/covalent-dask-tray.desktop',
    );
  });
});

describe('autostartDesktopEntry', () => {
  it('starts the executable, quoted as the Desktop Entry spec asks', () => {
    expect(autostartDesktopEntry('/opt/Covalent Dask Tray/covalent-dask-tray')).toContain(
      'Exec="/opt/Covalent Dask Tray/covalent-dask-tray" --ozone-platform=x11\n',
    );
    expect(quoteExec('/a/$b"c`d\\e')).toBe('"/a/\\$b\\"c\\`d\\\\e"');
  });
});
