// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFS } from '../shared/prefs';
import { createTestApi } from './testing/fake-panel-api';
import { type MountedPanel, mountPanel } from './testing/mount-panel';
import { makeSnapshot } from '../testing/fixtures';
import { update } from './testing/mount';

let m: MountedPanel | undefined;
afterEach(() => m?.unmount());

async function show(prefs = { ...DEFAULT_PREFS }) {
  m = await mountPanel(createTestApi({ snapshot: makeSnapshot(), prefs }));
  return m;
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('Preferences', () => {
  it('shows the current preferences', async () => {
    const { root } = await show({ ...DEFAULT_PREFS, intervalSeconds: 2, alertFraction: 0.85, notifications: false });
    const [interval, alert] = root.querySelectorAll<HTMLSelectElement>('.prefs select');
    expect(interval!.value).toBe('2');
    expect(alert!.value).toBe('0.85');
    expect(root.querySelector<HTMLInputElement>('.prefs input[type="checkbox"]')!.checked).toBe(false);
  });

  it('keeps a value set by hand that is not among the choices', async () => {
    const { root } = await show({ ...DEFAULT_PREFS, intervalSeconds: 3 });
    const interval = root.querySelector<HTMLSelectElement>('.prefs select')!;
    expect(interval.value).toBe('3');
    expect([...interval.options].map((o) => o.value)).toEqual(['0.5', '1', '2', '3', '5', '10', '30']);
  });

  it('sends each change to main as a patch and shows what main saved', async () => {
    const { t, root, store } = await show();
    const [interval, alert] = root.querySelectorAll<HTMLSelectElement>('.prefs select');
    await update(async () => {
      choose(interval!, '5');
      await new Promise((r) => setTimeout(r, 0));
    });
    await update(async () => {
      choose(alert!, '0.7');
      await new Promise((r) => setTimeout(r, 0));
    });
    await update(async () => {
      root.querySelector<HTMLInputElement>('.prefs input[type="checkbox"]')!.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(t.calls).toEqual([
      'setPrefs {"intervalSeconds":5}',
      'setPrefs {"alertFraction":0.7}',
      'setPrefs {"notifications":false}',
    ]);
    expect(store.prefs.value.alertFraction).toBe(0.7);
  });

  it('turns each kind of workflow notification off on its own, and greys them while notifications are off', async () => {
    const { t, root } = await show();
    const boxes = [...root.querySelectorAll<HTMLInputElement>('.prefs__group input[type="checkbox"]')];
    expect(boxes.map((b) => [b.nextElementSibling!.textContent, b.checked])).toEqual([
      ['completes', true],
      ['fails', true],
      ['is cancelled', true],
    ]);
    await update(async () => {
      boxes[1]!.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(t.calls).toEqual(['setPrefs {"notifyWorkflowFailed":false}']);
    m!.unmount();
    const off = await show({ ...DEFAULT_PREFS, notifications: false });
    expect(off.root.querySelector<HTMLFieldSetElement>('.prefs__group')!.disabled).toBe(true);
  });
});
