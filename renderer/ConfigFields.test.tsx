// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '../shared/config-fields';
import type { Snapshot } from '../shared/snapshot';
import { ConfigFields } from './ConfigFields';
import type { FieldAction } from './field-actions';
import { makeConfig, makeSnapshot } from '../testing/fixtures';
import { type Mounted, mount, update } from './testing/mount';

let m: Mounted | undefined;
afterEach(() => m?.unmount());

async function show(s: Snapshot) {
  const actions: [FieldAction, string][] = [];
  m = await mount(<ConfigFields snapshot={s} onAction={(a, label) => actions.push([a, label])} />);
  const root = m.container;
  const value = (key: string) => root.querySelector(`.field[data-key="${key}"] .field__value`)!.textContent;
  return { root, value, actions };
}

describe('ConfigFields', () => {
  it('shows the Dask Cluster page’s fields, under its labels, with the config’s values', async () => {
    const { root, value } = await show(makeSnapshot());
    expect(root.querySelector('h2')!.textContent).toBe('Dask Cluster');
    expect([...root.querySelectorAll('.field__label')].map((el) => el.textContent)).toEqual([
      'Cache Directory',
      'Log Directory',
      'Mem Per Worker',
      'Threads Per Worker',
      'Num Workers',
      'Scheduler Address',
      'Dashboard Link',
      'Process Info',
      'PID',
      'Admin Host',
      'Admin Port',
    ]);
    expect(value('processInfo')).toBe("<DaskCluster name='LocalDaskCluster' parent=4210 started>");
    expect(value('pid')).toBe('4214');
    expect(root.querySelectorAll('.tag')).toHaveLength(0);
    expect(root.querySelector('.note')).toBeNull();
  });

  it('reads "not set" for missing values and disables their buttons', async () => {
    const { root, value } = await show(
      makeSnapshot({ config: makeConfig({ schedulerAddress: null, adminPort: null }) }),
    );
    expect(value('schedulerAddress')).toBe('not set');
    expect(value('adminPort')).toBe('not set');
    expect(root.querySelector('.field[data-key="adminPort"]')!.classList.contains('field--not-set')).toBe(true);
    expect(root.querySelector<HTMLButtonElement>('button[aria-label="Copy Scheduler Address"]')!.disabled).toBe(true);
    expect(root.querySelector<HTMLButtonElement>('button[aria-label="Copy Cache Directory"]')!.disabled).toBe(false);
  });

  it('shows a config issue as invalid, with its raw text and message', async () => {
    const { root, value } = await show(
      makeSnapshot({
        config: makeConfig({ numWorkers: null }),
        configIssues: [
          {
            key: 'numWorkers',
            tomlKey: 'dask.num_workers',
            value: '"eight"',
            message: '[dask] num_workers should be a count',
          },
        ],
      }),
    );
    const row = root.querySelector<HTMLElement>('.field[data-key="numWorkers"]')!;
    expect(row.dataset.state).toBe('invalid');
    expect(value('numWorkers')).toBe('"eight"');
    expect(row.querySelector('.tag--invalid')!.textContent).toBe('invalid');
    expect(row.querySelector('.field__issue')!.textContent).toBe('[dask] num_workers should be a count');
  });

  it('marks the runtime values stale, and says why', async () => {
    const { root } = await show(makeSnapshot({ runtimeKeysStale: true, status: 'stopped' }));
    const stale = [...root.querySelectorAll('.field--stale .field__label')].map((el) => el.textContent);
    expect(stale).toEqual(CONFIG_FIELDS.filter((f) => f.runtime).map((f) => f.label));
    expect(root.querySelectorAll('.tag--stale')).toHaveLength(6);
    expect(root.querySelector('[data-note="stale"]')!.textContent).toContain('left from a cluster that is not running');
  });

  it('notes No Cluster, a config that cannot be read, and the last good values', async () => {
    const { root } = await show(
      makeSnapshot({
        config: makeConfig({ noCluster: true }),
        configError: { message: 'Expected "=" but found "x"', line: 3, column: 7 },
        configFromLastGood: true,
      }),
    );
    expect(root.querySelector('[data-note="no-cluster"]')!.textContent).toBe(
      'No Cluster is set: Covalent starts no Dask cluster and runs tasks with its local executor.',
    );
    expect(root.querySelector('[data-note="config-error"]')!.textContent).toBe(
      'The config cannot be read: Expected "=" but found "x" (line 3, column 7)',
    );
    expect(root.querySelector('[data-note="last-good"]')).not.toBeNull();
  });

  it('renders markup in config values and issues as text', async () => {
    const markup = '<img src=x onerror="alert(1)"><b>bold</b>';
    const { root, value } = await show(
      makeSnapshot({
        configPath: `/tmp/${markup}/covalent.conf`,
        config: makeConfig({ cacheDir: markup, adminPort: null }),
        configIssues: [
          {
            key: 'adminPort',
            tomlKey: 'dask.admin_port',
            value: JSON.stringify(markup),
            message: `[dask] admin_port ${markup}`,
          },
        ],
      }),
    );
    expect(value('cacheDir')).toBe(markup);
    expect(value('adminPort')).toBe(JSON.stringify(markup));
    expect(root.querySelector('.config__path')!.textContent).toBe(`/tmp/${markup}/covalent.conf`);
    expect(root.querySelector('img, b, script')).toBeNull();
  });

  it('hands each button’s action to the panel, with the field’s label', async () => {
    const { root, actions } = await show(makeSnapshot());
    const labels = [...root.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    expect(labels).toEqual([
      'Copy Cache Directory',
      'Open Cache Directory',
      'Copy Log Directory',
      'Open Log Directory',
      'Copy Scheduler Address',
      'Copy Dashboard Link',
      'Open Dashboard Link',
    ]);
    await update(() => {
      for (const b of root.querySelectorAll('button')) b.click();
    });
    expect(actions).toEqual([
      [{ kind: 'copy', target: 'cacheDir' }, 'Cache Directory'],
      [{ kind: 'open-path', target: 'cacheDir' }, 'Cache Directory'],
      [{ kind: 'copy', target: 'logDir' }, 'Log Directory'],
      [{ kind: 'open-path', target: 'logDir' }, 'Log Directory'],
      [{ kind: 'copy', target: 'schedulerAddress' }, 'Scheduler Address'],
      [{ kind: 'copy', target: 'dashboardLink' }, 'Dashboard Link'],
      [{ kind: 'open-dashboard' }, 'Dashboard Link'],
    ]);
  });
});
