// The filter controls of the audit screens: labelled selects and date-time fields whose values live in the
// URL (a search can be bookmarked), with their errors next to them.
import { useDynamicT, useT } from '../../i18n/t';
import { findAction, useWorkflows } from '../../workflows';
import { useLabels } from '../../format';

export function SelectFilter({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  const t = useT();
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('filter.any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A native date-time field (the browser localises it), its error under the label, GOV.UK style. */
export function TimeFilter({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <div className={error ? 'filter filter-invalid' : 'filter'}>
      <label htmlFor={id}>{label}</label>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        type="datetime-local"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/** A local date-time field's value ("2026-12-01T10:30") as an ISO instant, or null when it is not one. */
export function toInstant(local: string): string | null {
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Names of actions for any channel: the workflow's title, else the catalogue (engine steps: create, deliver). */
export function useActionLabel(): (channel: string | undefined, action: string) => string {
  const workflows = useWorkflows();
  const labels = useLabels();
  const dt = useDynamicT();
  return (channel, action) => {
    const ch = channel ?? workflows?.find((w) => w.actions.some((a) => a.action === action))?.channel;
    return ch && findAction(workflows, ch, action)
      ? labels.action(ch, action)
      : dt(`action.${action}`, action);
  };
}

/** Engine steps recorded as events that no workflow lists as a user action. */
export const ENGINE_ACTIONS = [
  'create',
  'edit',
  'attach-document',
  'attach-condition',
  'review-document',
  'delete-document',
  'accept-condition',
  'request-consent',
  'grant-consent',
  'refuse-consent',
  'record-use',
  'prepare-action',
  'withdraw-preparation',
  'deliver',
  'resume',
  'lapse',
  'expire',
];

/** DOM ids of a screen's filter fields: `<prefix>-<field>`. */
export function fieldIds<F extends string>(fields: readonly F[], prefix: string): Record<F, string> {
  return Object.fromEntries(fields.map((f) => [f, `${prefix}-${f}`])) as Record<F, string>;
}
