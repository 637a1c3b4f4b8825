import { describe, expect, it } from 'vitest';
import { locateConfig } from './config-path';

describe('locateConfig, as covalent/_shared_files/defaults.py', () => {
  it('prefers COVALENT_CONFIG_DIR', () => {
    expect(locateConfig({ COVALENT_CONFIG_DIR: '/c', XDG_CONFIG_DIR: '/x', HOME: '/h' }, '/os')).toEqual({
      path: '/c/covalent.conf',
      source: 'COVALENT_CONFIG_DIR',
    });
  });
  it('then XDG_CONFIG_DIR, with no covalent/ subfolder', () => {
    expect(locateConfig({ XDG_CONFIG_DIR: '/x', HOME: '/h' }, '/os').path).toBe('/x/covalent.conf');
  });
  it('ignores XDG_CONFIG_HOME, which Covalent does not read', () => {
    expect(locateConfig({ XDG_CONFIG_HOME: '/xh', HOME: '/h' }, '/os').path).toBe('/h/.config/covalent/covalent.conf');
  });
  it("treats an empty variable as unset, as Python's `or` does", () => {
    expect(locateConfig({ COVALENT_CONFIG_DIR: '', XDG_CONFIG_DIR: '', HOME: '/h' }, '/os').source).toBe('HOME');
  });
  it('falls back to the OS home directory without HOME', () => {
    expect(locateConfig({}, '/os').path).toBe('/os/.config/covalent/covalent.conf');
  });
  it('lets --config override everything', () => {
    expect(locateConfig({ COVALENT_CONFIG_DIR: '/c' }, '/os', '/tmp/x.conf')).toEqual({
      path: '/tmp/x.conf',
      source: '--config',
    });
  });
});
