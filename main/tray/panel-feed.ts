/**
 * What main pushes to the panel, and when. A hidden panel gets no snapshots: its renderer would
 * still run each one through the panel's render (backgroundThrottling slows timers and painting,
 * not IPC: electron docs/api/structures/web-preferences.md), every second, for nobody. When it is
 * shown it gets what it missed: the history (every sample's point) and then the latest snapshot.
 */
import type { EventContract, EventName } from '../../shared/ipc-contract';
import type { MemoryPoint } from '../../shared/memory-point';
import type { Snapshot } from '../../shared/snapshot';

/** One push, typed by the IPC contract. */
export type PanelMessage = { [E in EventName]: { name: E; payload: EventContract[E] } }[EventName];

export function messagesOnSnapshot(snapshot: Snapshot, panelVisible: boolean): PanelMessage[] {
  return panelVisible ? [{ name: 'snapshot', payload: snapshot }] : [];
}

export function messagesOnShow(latest: Snapshot | null, history: MemoryPoint[]): PanelMessage[] {
  // History first: the snapshot then adds its own point, which the panel finds already there.
  const messages: PanelMessage[] = [{ name: 'history', payload: history }];
  if (latest) messages.push({ name: 'snapshot', payload: latest });
  return messages;
}

/** Preferences are rare, and change from the menu while the panel is hidden: always pushed. */
export function messagesOnPrefs(prefs: EventContract['prefs']): PanelMessage[] {
  return [{ name: 'prefs', payload: prefs }];
}
