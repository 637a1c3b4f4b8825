import { afterEach, describe, expect, it } from 'vitest';
import { renderAlertLine } from './render-text';

const tz = process.env.TZ;
afterEach(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('renderAlertLine', () => {
  it('stamps the line with local time, as the panel does', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(
      renderAlertLine({
        kind: 'cluster-stopped',
        worker: null,
        message: 'The Dask cluster (process 1) stopped',
        at: '2026-11-27T10:00:00.000Z',
      }),
    ).toBe('15:30:00  ALERT cluster-stopped: The Dask cluster (process 1) stopped');
  });
});
