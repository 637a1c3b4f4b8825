import { describe, expect, it } from 'vitest';
import { autostartDesktopEntry, quoteExec } from './autostart-entry';

describe('autostartDesktopEntry', () => {
  it('starts the executable, quoted as the Desktop Entry spec asks', () => {
    expect(autostartDesktopEntry('/opt/Covalent Dask Tray/covalent-dask-tray')).toContain(
      'Exec="/opt/Covalent Dask Tray/covalent-dask-tray" --ozone-platform=x11\n',
    );
    expect(quoteExec('/a/$b"c`d\\e')).toBe('"/a/\\$b\\"c\\`d\\\\e"');
  });
});
