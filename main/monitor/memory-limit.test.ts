import { describe, expect, it } from 'vitest';
import table from './testdata/dask-memory-limits.json' with { type: 'json' };
import { parseBytes, parseMemoryLimit, parsePythonFloat } from './memory-limit';

// The table is Dask's own parse_memory_limit output (testing/python/dask_memory_limits.py).
const machine = { totalBytes: table.totalBytes, cpuCount: table.cpuCount };

describe(`parseMemoryLimit against Dask ${table.dask}`, () => {
  for (const row of table.rows) {
    const label = `${JSON.stringify(row.input)} with ${row.nthreads} thread(s)`;
    it(label, () => {
      const got = parseMemoryLimit(row.input, row.nthreads, machine);
      if ('error' in row) {
        expect(got.kind).toBe('invalid');
      } else if (row.bytes === null) {
        expect(got).toEqual({ kind: 'unlimited' });
      } else if ((row.bytes as number) < 0) {
        // Dask would run with a negative limit; the monitor refuses to show one.
        expect(got.kind).toBe('invalid');
      } else {
        expect(got).toEqual({ kind: 'bytes', bytes: row.bytes });
      }
    });
  }
});

describe('parseBytes', () => {
  it("gives Dask's messages for what it cannot read", () => {
    expect(() => parseBytes('5 foos')).toThrow("Could not interpret 'foos' as a byte unit");
    expect(() => parseBytes('1.2.3GB')).toThrow("Could not interpret '1.2.3' as a number");
  });
});

describe('parsePythonFloat', () => {
  it('accepts what Python float() accepts and nothing else', () => {
    expect(parsePythonFloat(' 1_000.5e1 ')).toBe(10005);
    expect(parsePythonFloat('-Infinity')).toBe(-Infinity);
    expect(Number.isNaN(parsePythonFloat('NaN'))).toBe(true);
    expect(parsePythonFloat('1__0')).toBeNull();
    expect(parsePythonFloat('0x10')).toBeNull();
    expect(parsePythonFloat('')).toBeNull();
    expect(parsePythonFloat('.')).toBeNull();
  });
});
