// Pieces every audit screen uses: times to the second, shortened hashes with the full value one press away,
// the directory (authority names), request references for event rows, file downloads, and API problems
// turned into the error summary's items.
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { api, type Schemas } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import type { SummaryItem } from '../../components/ErrorSummary';
import { useDynamicT, useT } from '../../i18n/t';

export type Authority = Schemas['AuthorityResponse'];

/** An audit trail needs the second: events of one request often fall within the same minute. */
export function useAuditTime(): (iso: string | null | undefined) => string {
  const intl = useIntl();
  return useCallback(
    (iso) => (iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' }) : ''),
    [intl],
  );
}

export function Time({ iso }: { iso: string }) {
  const time = useAuditTime();
  return <time dateTime={iso}>{time(iso)}</time>;
}

/** A hash shown as its first 8 and last 4 characters; the disclosure shows it whole (selectable). */
export function Hash({ value }: { value: string | null | undefined }) {
  const t = useT();
  if (!value) {
    return <span>{t('audit.none')}</span>;
  }
  const short = value.length > 16 ? `${value.slice(0, 8)}…${value.slice(-4)}` : value;
  return (
    <details className="audit-hash">
      <summary>
        <code dir="ltr">{short}</code>
        <span className="visually-hidden"> {t('audit.hash.full')}</span>
      </summary>
      <code className="hash" dir="ltr">
        {value}
      </code>
    </details>
  );
}

/** The directory (GET /v1/authorities), once per screen: names for authority ids, counterparts to filter by. */
export function useDirectory(): Authority[] {
  const [list, setList] = useState<Authority[]>([]);
  useEffect(() => {
    let live = true;
    void api.GET('/v1/authorities').then(({ data }) => {
      if (live && data) {
        setList(data);
      }
    });
    return () => {
      live = false;
    };
  }, []);
  return list;
}

export function authorityName(directory: Authority[], id: string | null | undefined): string {
  const a = directory.find((x) => x.id === id);
  return a ? `${a.name} (${a.code})` : (id ?? '');
}

export interface RequestRef {
  reference: string;
  channel: string;
}

// References of the requests seen on this page: the request listing (not logged as reads of case content),
// newest first like the events, paged only until every wanted id is found.
const known = new Map<string, RequestRef>();
const MAX_PAGES = 10;

async function findReferences(ids: string[]): Promise<void> {
  for (const box of ['outgoing', 'incoming'] as const) {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES && ids.some((id) => !known.has(id)); page++) {
      const { data } = await api.GET('/v1/requests', { params: { query: { box, limit: 100, cursor } } });
      for (const r of data?.items ?? []) {
        known.set(r.id, { reference: r.reference, channel: r.channel });
      }
      if (!data?.nextCursor) {
        break;
      }
      cursor = data.nextCursor;
    }
  }
}

/** id -> reference and channel for the given request ids (unknown ones stay absent). */
export function useReferences(ids: string[]): Map<string, RequestRef> {
  const key = [...new Set(ids)].sort().join(',');
  const [refs, setRefs] = useState<Map<string, RequestRef>>(() => new Map(known));
  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    if (wanted.every((id) => known.has(id))) {
      setRefs(new Map(known));
      return;
    }
    let live = true;
    void findReferences(wanted).then(() => {
      if (live) {
        setRefs(new Map(known));
      }
    });
    return () => {
      live = false;
    };
  }, [key]);
  return refs;
}

/** The file name a Content-Disposition header gives, else the fallback. */
export function fileNameOf(res: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** Saves a blob under `name` (a download the browser shows as any other). */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * An API problem as error summary items: field problems linked to the field named `ids[field]`, anything
 * else as one line (its code's message where the catalogue has one).
 */
export function useProblemItems(): (
  problem: ApiProblem | null,
  ids?: Record<string, string>,
) => SummaryItem[] {
  const t = useT();
  const dt = useDynamicT();
  return useCallback(
    (problem, ids = {}) => {
      if (!problem) {
        return [];
      }
      const general = dt(
        `errors.${problem.code}`,
        problem.status === 0 ? t('errors.network') : t('errors.generic', { code: problem.code }),
      );
      if (problem.fields.length === 0) {
        return [{ text: general }];
      }
      return problem.fields.map((f) => ({
        target: ids[f.field],
        text: `${dt(`audit.field.${f.field}`, f.field)}: ${f.messages.join(' ')}`,
      }));
    },
    [t, dt],
  );
}
