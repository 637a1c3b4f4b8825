import { describe, expect, it } from 'vitest';
import { XWAYLAND_FLAG, xwaylandRelaunch } from './xwayland';

const session = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' };
const bin = '/opt/Covalent Dask Tray/covalent-dask-tray';

describe('xwaylandRelaunch', () => {
  it('starts again with the XWayland flag in a Wayland session, keeping the arguments', () => {
    expect(xwaylandRelaunch({ platform: 'linux', env: session, argv: [bin, '--user-data-dir=/tmp/u'] })).toEqual({
      args: ['--user-data-dir=/tmp/u', XWAYLAND_FLAG],
    });
    // From a checkout: electron .
    expect(xwaylandRelaunch({ platform: 'linux', env: session, argv: ['/x/electron', '.'] })).toEqual({
      args: ['.', XWAYLAND_FLAG],
    });
  });

  it('relaunches an AppImage through the image, not the mount it runs from', () => {
    const env = { ...session, APPIMAGE: '/home/a/Covalent.AppImage' };
    expect(xwaylandRelaunch({ platform: 'linux', env, argv: ['/tmp/.mount_Cov/covalent-dask-tray'] })).toEqual({
      execPath: '/home/a/Covalent.AppImage',
      args: [XWAYLAND_FLAG],
    });
  });

  it('runs on as started when a platform was chosen, there is no XWayland, or it is not Wayland', () => {
    const linux = (env: NodeJS.ProcessEnv, argv = [bin]) => xwaylandRelaunch({ platform: 'linux', env, argv });
    expect(linux(session, [bin, XWAYLAND_FLAG])).toBeNull();
    expect(linux(session, [bin, '--ozone-platform=wayland'])).toBeNull();
    expect(linux(session, [bin, '--ozone-platform-hint=auto'])).toBeNull();
    expect(linux({ ...session, DISPLAY: undefined })).toBeNull();
    expect(linux({ XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBeNull();
    expect(xwaylandRelaunch({ platform: 'darwin', env: session, argv: [bin] })).toBeNull();
  });
});
