import { describe, expect, it } from 'vitest';
import type { Alert } from '../shared/snapshot';
import { alertTone, recentAlerts } from './alert-display';

const alert = (n: number): Alert => ({
  kind: 'worker-memory-high',
  worker: String(n),
  message: `alert ${n}`,
  at: new Date(2026, 0, 1, 10, 0, n).toISOString(),
});

describe('recentAlerts', () => {
  it('lists the newest first, at most eight', () => {
    const alerts = Array.from({ length: 12 }, (_, i) => alert(i));
    expect(recentAlerts(alerts).map((a) => a.message)).toEqual([
      'alert 11',
      'alert 10',
      'alert 9',
      'alert 8',
      'alert 7',
      'alert 6',
      'alert 5',
      'alert 4',
    ]);
    expect(recentAlerts([])).toEqual([]);
  });
});

describe('alertTone', () => {
  it('gives each kind a tone', () => {
    expect(alertTone('worker-memory-high')).toBe('warning');
    expect(alertTone('worker-restarted')).toBe('error');
    expect(alertTone('cluster-stopped')).toBe('error');
    expect(alertTone('cluster-started')).toBe('info');
  });
});
