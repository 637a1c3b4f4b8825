// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBar } from './MemoryBar';
import { type Mounted, mount } from './testing/mount';

let m: Mounted | undefined;
afterEach(() => m?.unmount());

describe('MemoryBar', () => {
  it('is a meter of process memory against the limit, with Dask’s four thresholds marked', async () => {
    m = await mount(
      <MemoryBar
        label="Memory of worker 1"
        rssBytes={344_000_000}
        limitBytes={400_000_000}
        fraction={0.86}
        level="warning"
        valueText="344 MB of 400 MB, 86 %"
      />,
    );
    const meter = m.container.querySelector<HTMLElement>('[role="meter"]')!;
    expect(meter.getAttribute('aria-label')).toBe('Memory of worker 1');
    expect(meter.getAttribute('aria-valuemin')).toBe('0');
    expect(meter.getAttribute('aria-valuemax')).toBe('400000000');
    expect(meter.getAttribute('aria-valuenow')).toBe('344000000');
    expect(meter.getAttribute('aria-valuetext')).toBe('344 MB of 400 MB, 86 %');
    expect(meter.dataset.level).toBe('warning');
    expect(meter.classList.contains('meter--warning')).toBe(true);
    expect(meter.querySelector<HTMLElement>('.meter__fill')!.style.getPropertyValue('--scale')).toBe('0.86');

    const marks = [...meter.querySelectorAll<HTMLElement>('.meter__mark')];
    expect(marks.map((el) => Number(el.dataset.fraction))).toEqual([0.6, 0.7, 0.8, 0.95]);
    expect(marks.map((el) => el.style.getPropertyValue('--at'))).toEqual(['0.6', '0.7', '0.8', '0.95']);
    expect(marks.map((el) => el.className)).toEqual([
      'meter__mark meter__mark--target',
      'meter__mark meter__mark--spill',
      'meter__mark meter__mark--pause',
      'meter__mark meter__mark--terminate',
    ]);
  });

  it('keeps the value within the range past the limit, and fills the bar once', async () => {
    m = await mount(
      <MemoryBar
        label="x"
        rssBytes={500}
        limitBytes={400}
        fraction={1.25}
        level="critical"
        valueText="500 B of 400 B, 125 %"
      />,
    );
    const meter = m.container.querySelector<HTMLElement>('[role="meter"]')!;
    expect(meter.getAttribute('aria-valuenow')).toBe('400');
    expect(meter.querySelector<HTMLElement>('.meter__fill')!.style.getPropertyValue('--scale')).toBe('1');
  });

  it('with no known limit keeps its shape but claims no value', async () => {
    m = await mount(
      <MemoryBar label="x" rssBytes={500} limitBytes={null} fraction={null} level="unknown" valueText="" />,
    );
    expect(m.container.querySelector('[role="meter"]')).toBeNull();
    const bar = m.container.querySelector<HTMLElement>('.meter')!;
    expect(bar.getAttribute('aria-hidden')).toBe('true');
    expect(bar.querySelectorAll('.meter__mark')).toHaveLength(4);
  });
});
