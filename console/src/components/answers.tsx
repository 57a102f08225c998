// A request's answers in words, for "check your answers" and for the case page: each value by its schema
// (enums by their label, yes/no, numbers localised, lists and nested objects), "Not given" for an empty one.
import { useIntl } from 'react-intl';
import { useDynamicT, useT } from '../i18n/t';
import { resolve, type JsonSchema } from './SchemaForm';

export function useAnswer() {
  const t = useT();
  const dt = useDynamicT();
  const intl = useIntl();
  const enumLabel = (v: string) => dt(`wizard.enum.${v}`, dt(`enum.${v}`, v));
  const fieldLabel = (name: string) => dt(`wizard.field.${name}`, dt(`field.${name}`, name));
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
