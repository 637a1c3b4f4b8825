/** A log's last lines, as text: the scheduler's or one worker's, asked for from a row or the summary. */
import type { LogView as LogViewState } from './panel-store';

export interface LogViewProps {
  view: LogViewState;
  onClose(): void;
}

export function LogView({ view, onClose }: LogViewProps) {
  const r = view.result;
  return (
    <section class="logs" aria-labelledby="logs-title" aria-busy={r === null}>
      <div class="section-head">
        <h2 id="logs-title">{view.title}</h2>
        <button type="button" class="action" onClick={onClose}>
          Close
        </button>
      </div>
      {r === null && <p class="note note--small">Reading…</p>}
      {r !== null && !r.ok && <p class="note note--error">{r.error}</p>}
      {r?.ok && r.lines.length === 0 && <p class="note note--small">No lines</p>}
      {r?.ok && r.lines.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take the keyboard to scroll (axe's scrollable-region-focusable)
        <pre class="logs__text" tabIndex={0}>
          {r.lines.map((l) => `${l.text}\n`).join('')}
        </pre>
      )}
    </section>
  );
}
