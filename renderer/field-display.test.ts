import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '../shared/config-fields';
import type { ConfigKey } from '../shared/snapshot';
import { displayField, isActionable, NOT_SET } from './field-display';
import { makeConfig, makeSnapshot } from '../testing/fixtures';

const fieldOf = (key: ConfigKey) => CONFIG_FIELDS.find((f) => f.key === key)!;

describe('displayField', () => {
  it('shows each value as the config holds it', () => {
    const s = makeSnapshot();
    expect(displayField(s, fieldOf('schedulerAddress'))).toEqual({
      kind: 'value',
      text: 'tcp://127.0.0.1:56006',
      stale: false,
    });
    expect(displayField(s, fieldOf('pid'))).toEqual({ kind: 'value', text: '4214', stale: false });
    expect(
      displayField(makeSnapshot({ config: makeConfig({ memPerWorker: 0.5 }) }), fieldOf('memPerWorker')).text,
    ).toBe('0.5');
  });

  it('reads "not set" for a missing value, and for every field without a config', () => {
    expect(displayField(makeSnapshot({ config: makeConfig({ adminPort: null }) }), fieldOf('adminPort'))).toEqual({
      kind: 'not-set',
      text: NOT_SET,
      stale: false,
    });
    for (const f of CONFIG_FIELDS) expect(displayField(makeSnapshot({ config: null }), f).text).toBe('not set');
  });

  it('shows an unusable value as invalid, with its raw text and the reason', () => {
    const s = makeSnapshot({
      config: makeConfig({ pid: null }),
      configIssues: [{ key: 'pid', tomlKey: 'dask.pid', value: '"abc"', message: '[dask] pid should be a process id' }],
    });
    expect(displayField(s, fieldOf('pid'))).toEqual({
      kind: 'invalid',
      text: '"abc"',
      message: '[dask] pid should be a process id',
      stale: false,
    });
  });

  it('marks only the runtime values stale when they outlive the cluster', () => {
    const s = makeSnapshot({ runtimeKeysStale: true, config: makeConfig({ adminHost: null }) });
    const stale = CONFIG_FIELDS.filter((f) => displayField(s, f).stale).map((f) => f.label);
    expect(stale).toEqual(['Scheduler Address', 'Dashboard Link', 'Process Info', 'PID', 'Admin Port']);
  });

  it('offers actions only on a usable value', () => {
    const s = makeSnapshot({ config: makeConfig({ logDir: null }) });
    expect(isActionable(displayField(s, fieldOf('cacheDir')))).toBe(true);
    expect(isActionable(displayField(s, fieldOf('logDir')))).toBe(false);
  });
});
