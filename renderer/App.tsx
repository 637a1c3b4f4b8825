/** The popup panel: live status, scheduler, memory history, workers and alerts above Covalent's Dask Cluster fields. */
import { useEffect } from 'preact/hooks';
import type { Snapshot } from '../shared/snapshot';
import { AlertList } from './AlertList';
import { ClusterActions } from './ClusterActions';
import { clusterActionsUnavailable } from '../shared/cluster-action-text';
import { LogView } from './LogView';
import { RecentRestarts } from './RecentRestarts';
import { Preferences } from './Preferences';
import { ConfigFields } from './ConfigFields';
import type { FieldAction } from './field-actions';
import { usePanelStore } from './panel-context';
import type { PanelStore } from './panel-store';
import { SchedulerSummary } from './SchedulerSummary';
import { Sparkline } from './Sparkline';
import { StatusPill } from './StatusPill';
import { WorkerList } from './WorkerList';
import { Workflows } from './Workflows';
import { covalentUiOpenable } from '../shared/config-urls';

function runFieldAction(store: PanelStore, action: FieldAction, label: string): void {
  switch (action.kind) {
    case 'copy':
      void store.copy(action.target, label);
      return;
    case 'open-path':
      void store.openPath(action.target, label);
      return;
    case 'open-dashboard':
      void store.openDashboard();
      return;
  }
}

/** The small print under the workers: how they were matched, why Dask's view is missing. */
function LiveNotes({ snapshot: s }: { snapshot: Snapshot }) {
  return (
    <>
      {s.workerMatching && (
        <p class="note note--small" data-note="worker-matching">
          {s.workerMatching}
        </p>
      )}
      {s.dashboard.problem && (
        <p class="note note--small" data-note="dashboard-problem">
          {s.dashboard.problem}
        </p>
      )}
      {s.dashboard.protocolProblem && (
        <p class="note note--small" data-note="protocol-problem">
          {s.dashboard.protocolProblem}
        </p>
      )}
      {s.admin.disagreement && (
        <p class="note note--small note--warning" data-note="admin-disagreement">
          {s.admin.disagreement}
        </p>
      )}
    </>
  );
}

/** Why the cluster actions cannot be taken now; null when they can. */
function uiAddressText(s: Snapshot | null): string {
  const c = s?.config;
  return c?.uiAddress && c.uiPort !== null ? `${c.uiAddress}:${c.uiPort}` : 'not set';
}

export function App() {
  const store = usePanelStore();
  const snapshot = store.snapshot.value;
  const notice = store.notice.value;
  const alertFraction = store.prefs.value.alertFraction;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      void store.hidePanel();
    };
    // Main also hides the panel on blur: a message from before is stale when it shows again.
    const onHidden = () => {
      if (document.visibilityState === 'hidden') store.clearNotice();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [store]);

  const running = snapshot?.scheduler?.alive === true;
  return (
    <div class="panel" data-sampled-at={snapshot?.sampledAt}>
      <header class="panel__header">
        <h1 class="panel__title">Covalent Dask</h1>
        <StatusPill
          status={snapshot?.status ?? null}
          reason={snapshot?.reason ?? 'Waiting for the first sample from the tray…'}
        />
      </header>
      <main class="panel__body">
        {snapshot && (
          <>
            <SchedulerSummary
              scheduler={snapshot.scheduler}
              tasks={snapshot.dashboard.tasks}
              onLogs={running ? () => void store.showLogs({ of: 'scheduler' }, 'Scheduler log') : undefined}
            />
            {store.logs.value && <LogView view={store.logs.value} onClose={() => store.closeLogs()} />}
            <Sparkline points={store.history.value} />
            <WorkerList
              workers={snapshot.workers}
              expected={snapshot.config?.numWorkers ?? null}
              alertFraction={alertFraction}
              running={running}
              sampledAt={snapshot.sampledAt}
              intervalMs={store.prefs.value.intervalSeconds * 1000}
              onLogs={(address, label) => void store.showLogs({ of: 'worker', address }, `Log of worker ${label}`)}
              workflows={[...snapshot.workflows.running, ...snapshot.workflows.recent]}
            />
            <LiveNotes snapshot={snapshot} />
            <Workflows
              workflows={snapshot.workflows}
              sampledAt={snapshot.sampledAt}
              onOpen={(d) => void store.openDispatch(d.id, d.name)}
            />
            <RecentRestarts alerts={snapshot.alerts} />
            <AlertList alerts={snapshot.alerts} />
            <ClusterActions
              workers={snapshot.workers.length}
              unavailable={clusterActionsUnavailable(snapshot)}
              onRestart={() => void store.restartWorkers()}
              onScale={(size) => void store.scaleWorkers(size)}
            />
            <ConfigFields snapshot={snapshot} onAction={(action, label) => runFieldAction(store, action, label)} />
          </>
        )}
        <Preferences prefs={store.prefs.value} onChange={(patch) => void store.setPrefs(patch)} />
      </main>
      <footer class="panel__footer">
        <button
          type="button"
          class="action action--primary"
          disabled={!covalentUiOpenable(snapshot)}
          title={snapshot?.workflows.reachable === false ? "Covalent's server does not answer" : undefined}
          onClick={() => void store.openCovalentUi()}
        >
          Open Covalent UI
        </button>
        <span class="panel__ui-address" title="Covalent UI address from [user_interface]">
          {uiAddressText(snapshot)}
        </span>
        <p
          class={`notice${notice && !notice.ok ? ' notice--error' : ''}`}
          role="status"
          aria-live="polite"
          title={notice?.text}
        >
          {notice?.text ?? ''}
        </p>
      </footer>
    </div>
  );
}
