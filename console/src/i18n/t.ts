// Typed message lookup: keys come from the English catalogue, so a missing key fails the typecheck.
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { MessageKey } from './locale';

export type Values = Record<string, string | number | Date>;

export function useT(): (key: MessageKey, values?: Values) => string {
  const intl = useIntl();
  return useCallback((key, values) => intl.formatMessage({ id: key }, values), [intl]);
}

/** A message whose key is built from API data (a status, a ground); the fallback when a catalogue lacks it. */
export function useDynamicT(): (key: string, fallback: string, values?: Values) => string {
  const intl = useIntl();
  return useCallback(
    (key, fallback, values) => (intl.messages[key] ? intl.formatMessage({ id: key }, values) : fallback),
    [intl],
  );
}
