// API problems on the admin screens: each field's messages next to it, and the error summary's lines, in the
// reader's language where the code is known (the API's own English otherwise), never a raw body.
import { useCallback } from 'react';
import type { ApiProblem } from '../../api/errors';
import { problemsFor } from '../../api/errors';
import type { SummaryItem } from '../../components/ErrorSummary';
import { useDynamicT, useT } from '../../i18n/t';

/** Client-side problems (a required field left empty) use the same shape as the API's. */
export function localProblem(fields: { field: string; message: string }[]): ApiProblem | null {
  return fields.length === 0
    ? null
    : {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: '',
        fields: fields.map((f) => ({ field: f.field, messages: [f.message] })),
      };
}

export function useProblemText() {
  const t = useT();
  const dt = useDynamicT();
  /** The whole problem in one sentence: the admin area's words for its code, then the base catalogue's. */
  const sentence = useCallback(
    (p: ApiProblem) =>
      p.code === 'NETWORK'
        ? t('errors.network')
        : dt(`admin.error.${p.code}`, dt(`errors.${p.code}`, t('errors.generic', { code: p.code }))),
    [t, dt],
  );
  /** The messages next to one field: the code's own sentence when the area knows it, else the API's. */
  const forField = useCallback(
    (p: ApiProblem | null, field: string): string[] => {
      const messages = problemsFor(p, field);
      if (!p || messages.length === 0) {
        return [];
      }
      return p.code !== 'VALIDATION_FAILED' ? [sentence(p)] : messages;
    },
    [sentence],
  );
  /** The summary: one line per field (linked to `ids[field]`), or the problem's sentence when none. */
  const summary = useCallback(
    (p: ApiProblem | null, ids: Record<string, string>): SummaryItem[] => {
      if (!p) {
        return [];
      }
      const root = (field: string) => field.split(/[.[]/)[0] ?? field;
      const known = p.fields.filter((f) => ids[root(f.field)]);
      if (known.length === 0) {
        return [{ text: sentence(p) }];
      }
      return known.map((f) => {
        const field = root(f.field);
        return { target: ids[field], text: forField(p, field).join(' ') };
      });
    },
    [sentence, forField],
  );
  return { sentence, forField, summary };
}
