/**
 * The config as the monitor sees it over time: re-read only when the file changes, the last good
 * version kept through half-written rewrites, and a directory watch so a new `covalent start`
 * is seen at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigError, ConfigIssue, CovalentConfig } from '../../../shared/snapshot';
import { type FileStamp, readConfigFile, sameStamp, statConfigFile } from './config-file';
import { parseCovalentConfig } from './config-parse';
import type { ConfigLocation } from './config-path';

export interface ConfigState {
  location: ConfigLocation;
  kind: 'missing' | 'ok' | 'error';
  /** The file's values; while kind is 'error', the last good ones (or null if there never were any). */
  config: CovalentConfig | null;
  issues: ConfigIssue[];
  error: ConfigError | null;
  fromLastGood: boolean;
  /**
   * The file is empty, as Covalent's in-place rewrite (truncate, then write) leaves it for a moment,
   * and has been for less than REWRITE_GRACE_MS: the last good values stand, not an error.
   */
  rewriting: boolean;
  stamp: FileStamp | null;
  /**
   * Latest time the current pid can have been written: the file's mtime when that pid was first
   * read. A process that started after it is not the one Covalent recorded.
   */
  pidWrittenAtMs: number | null;
}

export interface ConfigSource {
  /** Re-reads the file if its stamp changed; cheap (one stat) when it did not. */
  refresh(): ConfigState;
  /** Calls back (debounced) when the config's directory reports a change; returns a stop function. */
  watch(onChange: () => void, debounceMs?: number): () => void;
}

/**
 * How long an empty file counts as a rewrite caught midway. Covalent rewrites the file at every
 * `import covalent` and dispatch (seen here: one sample in ~90 during a workflow); the rewrite
 * takes milliseconds, so an empty file for longer than this is not one.
 */
export const REWRITE_GRACE_MS = 2000;

export function createConfigSource(location: ConfigLocation, now: () => number = Date.now): ConfigSource {
  let state: ConfigState = {
    location,
    kind: 'missing',
    config: null,
    issues: [],
    error: null,
    fromLastGood: false,
    rewriting: false,
    stamp: null,
    pidWrittenAtMs: null,
  };
  let lastGood: { config: CovalentConfig; issues: ConfigIssue[] } | null = null;
  let lastErrorStamp: FileStamp | null = null;
  /** When the file was first seen empty, in the current run of empty reads. */
  let emptySince: number | null = null;

  function refresh(): ConfigState {
    const stamp = statConfigFile(location.path);
    if (stamp === 'missing') {
      emptySince = null;
      if (state.kind !== 'missing')
        state = {
          ...state,
          kind: 'missing',
          config: null,
          issues: [],
          error: null,
          fromLastGood: false,
          rewriting: false,
          stamp: null,
          pidWrittenAtMs: null,
        };
      return state;
    }
    if (stamp !== null && (sameStamp(stamp, state.stamp) || sameStamp(stamp, lastErrorStamp))) return state;

    const read = readConfigFile(location.path);
    if (read.kind === 'missing') return refresh();
    if (read.kind === 'error') {
      lastErrorStamp = read.stamp;
      return setError({ message: read.message, line: read.line, column: null });
    }
    lastErrorStamp = null;
    if (read.text.trim() === '') {
      // Covalent rewrites the file in place (truncate, then write): empty is a rewrite caught midway.
      emptySince ??= now();
      const rewriting = lastGood !== null && now() - emptySince < REWRITE_GRACE_MS;
      // While it may still be a rewrite, every refresh reads again (the stamp is not remembered).
      if (!rewriting) lastErrorStamp = read.stamp;
      return setError(
        { message: `${location.path} is empty (Covalent may be rewriting it)`, line: null, column: null },
        rewriting,
      );
    }
    emptySince = null;
    const parsed = parseCovalentConfig(read.text);
    if (!parsed.ok) {
      lastErrorStamp = read.stamp;
      return setError(parsed.error);
    }
    const pidChanged = parsed.config.pid !== lastGood?.config.pid || state.pidWrittenAtMs === null;
    lastGood = { config: parsed.config, issues: parsed.issues };
    state = {
      location,
      kind: 'ok',
      config: parsed.config,
      issues: parsed.issues,
      error: null,
      fromLastGood: false,
      rewriting: false,
      stamp: read.stamp,
      pidWrittenAtMs: parsed.config.pid === null ? null : pidChanged ? read.stamp.mtimeMs : state.pidWrittenAtMs,
    };
    return state;
  }

  function setError(error: ConfigError, rewriting = false): ConfigState {
    state = {
      ...state,
      kind: 'error',
      config: lastGood?.config ?? null,
      issues: lastGood?.issues ?? [],
      error,
      fromLastGood: lastGood !== null,
      rewriting,
      stamp: null,
    };
    return state;
  }

  function watch(onChange: () => void, debounceMs = 100): () => void {
    const dir = path.dirname(location.path);
    const base = path.basename(location.path);
    let watcher: fs.FSWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    let retry: NodeJS.Timeout | null = null;
    let closed = false;

    const fire = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (!closed) onChange();
      }, debounceMs);
    };
    const start = () => {
      retry = null;
      if (closed) return;
      try {
        // The directory, not the file: a rewrite by rename would orphan a watch on the old inode.
        watcher = fs.watch(dir, { persistent: false }, (_event, filename) => {
          if (filename === null || filename.toString() === base) fire();
        });
        watcher.on('error', () => {
          watcher?.close();
          watcher = null;
          scheduleRetry();
        });
      } catch {
        scheduleRetry(); // the directory does not exist yet; refresh()'s stat still notices the file
      }
    };
    const scheduleRetry = () => {
      if (!closed && !retry) retry = setTimeout(start, 5000).unref();
    };
    start();
    return () => {
      closed = true;
      watcher?.close();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }

  return { refresh, watch };
}
