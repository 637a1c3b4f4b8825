/** Covalent's "Dask Cluster" settings page, read-only: its fields under its labels, with copy and open buttons. */
import { CONFIG_FIELDS } from '../shared/config-fields';
import type { Snapshot } from '../shared/snapshot';
import { actionVerb, FIELD_ACTIONS, type FieldAction } from './field-actions';
import { displayField, isActionable, STALE_TITLE } from './field-display';

export interface ConfigFieldsProps {
  snapshot: Pick<
    Snapshot,
    'configPath' | 'config' | 'configIssues' | 'configError' | 'configFromLastGood' | 'runtimeKeysStale'
  >;
  onAction(action: FieldAction, label: string): void;
}

function ConfigNotes({ snapshot: s }: Pick<ConfigFieldsProps, 'snapshot'>) {
  const e = s.configError;
  const where = e && e.line !== null ? ` (line ${e.line}${e.column !== null ? `, column ${e.column}` : ''})` : '';
  return (
    <>
      {e && (
        <p class="note note--error" data-note="config-error">
          The config cannot be read: {e.message}
          {where}
        </p>
      )}
      {s.configFromLastGood && (
        <p class="note note--warning" data-note="last-good">
          Showing the last values read: the file cannot be read now.
        </p>
      )}
      {s.config?.noCluster === true && (
        <p class="note note--info" data-note="no-cluster">
          No Cluster is set: Covalent starts no Dask cluster and runs tasks with its local executor.
        </p>
      )}
      {s.runtimeKeysStale && (
        <p class="note note--warning" data-note="stale">
          Values marked stale are left from a cluster that is not running (covalent stop keeps them).
        </p>
      )}
    </>
  );
}

export function ConfigFields({ snapshot, onAction }: ConfigFieldsProps) {
  return (
    <section class="config" aria-labelledby="config-title">
      <div class="section-head">
        <h2 id="config-title">Dask Cluster</h2>
      </div>
      <p class="config__path" title="The Covalent config file read">
        {snapshot.configPath}
      </p>
      <ConfigNotes snapshot={snapshot} />
      <dl class="fields">
        {CONFIG_FIELDS.map((field) => {
          const d = displayField(snapshot, field);
          const actions = FIELD_ACTIONS[field.key] ?? [];
          return (
            <div
              key={field.key}
              class={`field field--${d.kind}${d.stale ? ' field--stale' : ''}`}
              data-key={field.key}
              data-state={d.kind}
            >
              <dt class="field__label">{field.label}</dt>
              <dd class="field__body">
                <span class="field__value" title={d.stale ? STALE_TITLE : undefined}>
                  {d.text}
                </span>
                {d.kind === 'invalid' && <span class="tag tag--invalid">invalid</span>}
                {d.stale && (
                  <span class="tag tag--stale" title={STALE_TITLE}>
                    stale
                  </span>
                )}
                {d.kind === 'invalid' && <span class="field__issue">{d.message}</span>}
              </dd>
              {actions.length > 0 && (
                <dd class="field__actions">
                  {actions.map((a) => (
                    <button
                      key={a.kind}
                      type="button"
                      class="action"
                      aria-label={`${actionVerb(a)} ${field.label}`}
                      disabled={!isActionable(d)}
                      onClick={() => onAction(a, field.label)}
                    >
                      {actionVerb(a)}
                    </button>
                  ))}
                </dd>
              )}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
