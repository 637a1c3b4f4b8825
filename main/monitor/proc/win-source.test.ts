import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeScheduler } from '../scheduler-verdict';
import { type WinTreeNode, type WindowsProcessTree, createWinSource, readingOf } from './win-source';

// testdata/README.md: the first is the library's README output, the second is built from its
// source, not captured (no Windows machine here).
const tree = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata', name), 'utf8')) as WinTreeNode;

describe('readingOf', () => {
  it("reads the library README's output: the root and its direct children, nothing it does not give", () => {
    expect(readingOf(tree('windows-process-tree-readme.json'))).toEqual({
      root: {
        pid: 11168,
        ppid: 0,
        name: 'node.exe',
        state: 'other',
        startedAtMs: null,
        rssBytes: null,
        threads: null,
        cpuTimeMs: null,
        cpuPercent: null,
      },
      children: [expect.objectContaining({ pid: 1472, ppid: 11168, name: 'cmd.exe', cmdline: '', rssBytes: null })],
    });
  });

  it('reads working sets and command lines (\\\\?\\ dropped), and CPU % by pid and name', () => {
    const cpu = new Map([['9028:python.exe', 37.5]]);
    const r = readingOf(tree('windows-process-tree-flags.json'), cpu);
    expect(r.root).toMatchObject({ pid: 7312, name: 'python.exe', rssBytes: 98123776, cpuPercent: null });
    expect(r.children.map((c) => [c.pid, c.ppid, c.rssBytes, c.cpuPercent])).toEqual([
      [6140, 7312, 176226304, null],
      [9028, 7312, 187670528, 37.5],
    ]);
    expect(r.children[1]!.cmdline).toMatch(
      /^C:\\Users\\ada\\venv\\Scripts\\python\.exe -c "from multiprocessing\.spawn/,
    );
  });

  it('gives nothing for a pid the library did not find', () => {
    expect(readingOf(undefined)).toEqual({ root: null, children: [] });
  });

  it('leaves the stale-pid check to the process tree, as there is no start time', () => {
    const r = readingOf(tree('windows-process-tree-flags.json'));
    const verdict = judgeScheduler({
      pid: 7312,
      ...r,
      pidWrittenAtMs: 1_000,
      schedulerPort: 8786,
      listening: undefined,
    });
    expect(verdict).toEqual({ kind: 'cluster', pid: 7312, startedAtMs: null, evidence: 'process-tree' });
  });
});

describe('createWinSource', () => {
  it('asks the library for the tree with memory and command lines, then for CPU in the background', async () => {
    const asked: { pid: number; flags?: number }[] = [];
    const cpuAsked: number[][] = [];
    const library: WindowsProcessTree = {
      getProcessTree(pid, cb, flags) {
        asked.push({ pid, flags });
        setImmediate(() => cb(tree('windows-process-tree-flags.json')));
      },
      getProcessCpuUsage(list, cb) {
        cpuAsked.push(list.map((p) => p.pid));
        setImmediate(() => cb(list.map((p) => ({ ...p, cpu: p.pid === 7312 ? 1.5 : undefined }))));
      },
    };
    let clock = 0;
    const alive = new Set([7312, 6140, 9028]);
    const source = createWinSource({ library, cpuCount: 4, probe: (p) => alive.has(p), now: () => clock });
    const first = await source.sampleTree(7312);
    expect(asked).toEqual([{ pid: 7312, flags: 3 }]);
    expect(first.children.map((c) => c.pid)).toEqual([6140, 9028]);
    expect(cpuAsked).toEqual([[7312, 6140, 9028]]);
    clock += 5000;
    await source.sampleTree(7312);
    await new Promise((r) => setImmediate(r));
    clock += 1000;
    // % of the whole machine from the library, % of one core here.
    expect((await source.sampleTree(7312)).root!.cpuPercent).toBe(6);
  });

  it('turns a library that throws (not on Windows) into a reason', async () => {
    const library = require('@vscode/windows-process-tree') as WindowsProcessTree;
    const source = createWinSource({ library, probe: () => true });
    await expect(source.sampleTree(process.pid)).rejects.toThrow(/only implemented on Windows/);
  });
});
