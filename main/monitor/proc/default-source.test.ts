import { describe, expect, it } from 'vitest';
import { defaultProcessSource } from './default-source';

describe('defaultProcessSource', () => {
  it.each([
    ['linux', 'procfs'],
    ['darwin', 'ps'],
    // The library loads everywhere (only its calls need Windows): here it stands for a Windows machine with it.
    ['win32', 'windows'],
    ['freebsd', 'systeminformation'],
  ] as const)('%s reads processes with %s', (platform, kind) => {
    expect(defaultProcessSource(platform).kind).toBe(kind);
  });
});
