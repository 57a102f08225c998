// A request's answers in words, for "check your answers" and for the case page: each value by its schema
// (enums by their label, yes/no, numbers localised, lists and nested objects), "Not given" for an empty one.
import { useIntl } from 'react-intl';
import { useDynamicT, useT } from '../i18n/t';
import { resolve, type JsonSchema } from './SchemaForm';

/**
 * `channel`: its own labels first, where a field name means something else in the shared fields; `names`: the
 * request's parties by authority id, so that an answer naming one (a team member's party) shows its name.
 */
export function useAnswer({
  channel,
  names = {},
}: { channel?: string; names?: Record<string, string> } = {}) {
  const t = useT();
  const dt = useDynamicT();
  const intl = useIntl();
  const enumLabel = (v: string) => dt(`wizard.enum.${v}`, dt(`enum.${v}`, v));
  const fieldLabel = (name: string) =>
    dt(`wizard.field.${channel ?? ''}.${name}`, dt(`wizard.field.${name}`, dt(`field.${name}`, name)));
  const notGiven = <span className="muted">{t('wizard.check.notGiven')}</span>;

  function empty(v: unknown): boolean {
    return (
      v === undefined ||
      v === null ||
      v === '' ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(empty))
    );
  }

  function inline(schema: JsonSchema, v: unknown): string {
    const s = resolve(schema);
    if (typeof v === 'boolean') {
      return v ? t('wizard.yes') : t('wizard.no');
    }
    if (typeof v === 'number') {
      return intl.formatNumber(v);
    }
    if (Array.isArray(v)) {
      return intl.formatList(
        v.map((x) => inline(s.items ?? {}, x)),
        { type: 'conjunction' },
      );
    }
    if (typeof v === 'object' && v !== null) {
      return intl.formatList(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => !empty(x))
          .map(([k, x]) =>
            t('wizard.check.pair', { label: fieldLabel(k), value: inline(s.properties?.[k] ?? {}, x) }),
          ),
        { type: 'unit', style: 'short' },
      );
    }
    const text = typeof v === 'string' ? v : '';
    if (s.format === 'uuid' && names[text]) {
      return names[text];
    }
    return s.enum || resolve(s).enum ? enumLabel(text) : text;
  }

  function answer(schema: JsonSchema, v: unknown): React.ReactNode {
    const s = resolve(schema);
    if (empty(v) && typeof v !== 'boolean') {
      return notGiven;
    }
    if (Array.isArray(v) && (resolve(s.items).type === 'object' || resolve(s.items).properties)) {
      return (
        <ol className="answer-list">
          {v.map((entry, i) => (
            <li key={i}>
              <bdi>{inline(s.items ?? {}, entry)}</bdi>
            </li>
          ))}
        </ol>
      );
    }
    return <bdi className="answer-text">{inline(s, v)}</bdi>;
  }
  return { answer, fieldLabel, notGiven };
}
