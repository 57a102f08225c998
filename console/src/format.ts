// Localised dates and names of API values (statuses, channels, actions), with the API's own words as fallback.
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { useLocale } from './i18n/locale';
import { useDynamicT } from './i18n/t';
import { findAction, useWorkflows } from './workflows';

export function useDates() {
  const intl = useIntl();
  return {
    dateTime: useCallback(
      (iso: string | null | undefined) =>
        iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '',
      [intl],
    ),
    date: useCallback(
      (iso: string | null | undefined) => (iso ? intl.formatDate(iso, { dateStyle: 'medium' }) : ''),
      [intl],
    ),
  };
}

export function useLabels() {
  const dt = useDynamicT();
  const workflows = useWorkflows();
  const { locale } = useLocale();
  return {
    status: (s: string) => dt(`status.${s}`, s),
    channel: (c: string) => dt(`channel.${c}`, c),
    urgency: (u: string) => dt(`urgency.${u}`, u),
    /** In English exactly the action's title from GET /v1/workflows (the buttons' accessible names). */
    action: (channel: string, action: string) => {
      const title = findAction(workflows, channel, action)?.title ?? action;
      return locale === 'en' ? title : dt(`action.${action}`, title);
    },
  };
}
