import { describe, expect, it } from 'vitest';
import { APP_ID, appUserModelIdFor } from './app-identity';

describe('appUserModelIdFor', () => {
  it('claims the installer-stamped appId on Windows only', () => {
    expect(appUserModelIdFor('win32')).toBe(APP_ID);
    expect(appUserModelIdFor('darwin')).toBeNull();
    expect(appUserModelIdFor('linux')).toBeNull();
  });
});
