import { describe, expect, it } from 'vitest';
import { isMonitoredIssue, parseCovalentConfig } from './config-parse';

const REAL = `[sdk]
no_cluster = "false"

[dask]
cache_dir = "/home/alice/.cache/covalent"
log_dir = "/home/alice/.cache/covalent"
mem_per_worker = "auto"
threads_per_worker = 1
num_workers = 8
scheduler_address = "tcp://127.0.0.1:56006"
dashboard_link = "http://127.0.0.1:8787/status"
process_info = "<DaskCluster name='LocalDaskCluster' parent=4210 started>"
pid = 4214
admin_host = "127.0.0.1"
admin_port = 55996

[user_interface]
address = "localhost"
port = 48008
`;

function ok(text: string) {
  const r = parseCovalentConfig(text);
  if (!r.ok) throw new Error(`expected a parse, got ${r.error.message}`);
  return r;
}

describe('parseCovalentConfig', () => {
  it('reads every field of a file written by covalent start', () => {
    const { config, issues } = ok(REAL);
    expect(issues).toEqual([]);
    expect(config).toEqual({
      cacheDir: '/home/alice/.cache/covalent',
      logDir: '/home/alice/.cache/covalent',
      memPerWorker: 'auto',
      threadsPerWorker: 1,
      numWorkers: 8,
      schedulerAddress: 'tcp://127.0.0.1:56006',
      dashboardLink: 'http://127.0.0.1:8787/status',
      processInfo: "<DaskCluster name='LocalDaskCluster' parent=4210 started>",
      pid: 4214,
      adminHost: '127.0.0.1',
      adminPort: 55996,
      noCluster: false,
      uiAddress: 'localhost',
      uiPort: 48008,
    });
  });

  it('takes missing keys and tables as not set, never as zero', () => {
    const { config, issues } = ok('[dask]\nnum_workers = 4\n');
    expect(issues).toEqual([]);
    expect(config.numWorkers).toBe(4);
    expect(config.pid).toBeNull();
    expect(config.threadsPerWorker).toBeNull();
    expect(config.noCluster).toBeNull();
  });

  it("accepts no_cluster as Covalent's string or as a TOML boolean", () => {
    expect(ok('[sdk]\nno_cluster = "true"').config.noCluster).toBe(true);
    expect(ok('[sdk]\nno_cluster = true').config.noCluster).toBe(true);
    expect(ok('[sdk]\nno_cluster = false').config.noCluster).toBe(false);
    const bad = ok('[sdk]\nno_cluster = "yes"');
    expect(bad.config.noCluster).toBeNull();
    expect(bad.issues[0]).toMatchObject({ key: 'noCluster', tomlKey: 'sdk.no_cluster', value: '"yes"' });
  });

  it("reports a half-written file with the parser's message and line", () => {
    const cut = REAL.slice(0, REAL.indexOf('scheduler_address') + 30);
    const r = parseCovalentConfig(cut);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(REAL.slice(0, REAL.indexOf('scheduler_address')).split('\n').length);
    expect(r.error.message).toMatch(/end of input/);
  });

  it('reports duplicate keys with their line', () => {
    const r = parseCovalentConfig('[dask]\npid = 1\npid = 2\n');
    expect(r).toMatchObject({ ok: false, error: { line: 3 } });
  });

  it.each([
    ['pid = "abc"', 'pid', /process id/],
    ['pid = -5', 'pid', /between 1 and/],
    ['num_workers = -1', 'numWorkers', /between 0 and/],
    ['admin_port = 70000', 'adminPort', /between 1 and 65535/],
    ['mem_per_worker = "lots"', 'memPerWorker', /not a memory size Dask understands/],
    ['mem_per_worker = "-2GB"', 'memPerWorker', /negative/],
    ['mem_per_worker = true', 'memPerWorker', /should be "auto"/],
    ['threads_per_worker = 1.5', 'threadsPerWorker', /whole number/],
    ['scheduler_address = "127.0.0.1"', 'schedulerAddress', /tcp:\/\/HOST:PORT/],
    ['dashboard_link = "javascript:alert(1)"', 'dashboardLink', /javascript: link, not http/],
    ['dashboard_link = "file:///etc/passwd"', 'dashboardLink', /file: link/],
    ['dashboard_link = "data:text/html,<b>x</b>"', 'dashboardLink', /data: link/],
    ['dashboard_link = "http://user:pw@127.0.0.1:8787/status"', 'dashboardLink', /password/],
    ['log_dir = "a\\u001b[31mred"', 'logDir', /control characters/],
    ['cache_dir = 5', 'cacheDir', /should be a string, not the number 5/],
    ['pid = 1979-05-27T07:32:00Z', 'pid', /not a date/],
  ])('marks [dask] %s as invalid, not as a value', (line, key, message) => {
    const { config, issues } = ok(`[dask]\n${line}\n`);
    expect((config as unknown as Record<string, unknown>)[key]).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.key).toBe(key);
    expect(issues[0]!.message).toMatch(message);
  });

  it('bounds very long strings', () => {
    const { config, issues } = ok(`[dask]\nlog_dir = "${'x'.repeat(5000)}"\n`);
    expect(config.logDir).toBeNull();
    expect(issues[0]!.message).toMatch(/5000 characters/);
    expect(issues[0]!.value.length).toBeLessThanOrEqual(120);
  });

  it('ignores unknown keys and tables', () => {
    const { issues, config } = ok(`${REAL}\n[dask.extra]\nfoo = 1\n[future]\nbar = [1, 2]\n`);
    expect(issues).toEqual([]);
    expect(config.pid).toBe(4214);
  });

  it('says when [dask] is not a table', () => {
    const { issues } = ok('dask = 5\n');
    expect(issues[0]).toMatchObject({ key: null, tomlKey: 'dask' });
    expect(isMonitoredIssue(issues[0]!)).toBe(true);
  });

  it('tells apart issues that stop monitoring from cosmetic ones', () => {
    const [pid] = ok('[dask]\npid = "abc"').issues;
    const [port] = ok('[dask]\nadmin_port = 70000').issues;
    expect(isMonitoredIssue(pid!)).toBe(true);
    expect(isMonitoredIssue(port!)).toBe(false);
  });

  it('is not fooled by __proto__ keys', () => {
    const { config } = ok('[dask]\n__proto__ = 1\n[__proto__]\npid = 5\n');
    expect(config.pid).toBeNull();
    expect(({} as Record<string, unknown>).pid).toBeUndefined();
  });
});
