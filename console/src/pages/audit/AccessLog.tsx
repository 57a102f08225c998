// /audit/access-log — who of the authority read which request, how and when (GET /v1/audit/access-log),
// newest first: a filter by kind of read and time, "Load more". This screen's own reads appear here too.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Loading } from '../../components/States';
import type { MessageKey } from '../../i18n/locale';
import { useT } from '../../i18n/t';
import { fieldIds, SelectFilter, TimeFilter, toInstant } from './filters';
import { Time, useProblemItems, useReferences } from './shared';

type Entry = Schemas['AccessLogEntryResponse'];
const VIEWS = ['request', 'history', 'export', 'events'] as const;
type View = (typeof VIEWS)[number];
const FIELDS = ['view', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const ID = fieldIds(FIELDS, 'audit-access');

function queryOf(f: Filters): {
  query: { view?: View; from?: string; to?: string };
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const query: { view?: View; from?: string; to?: string } = {};
  if ((VIEWS as readonly string[]).includes(f.view)) {
    query.view = f.view as View;
  }
  for (const name of ['from', 'to'] as const) {
    if (f[name]) {
      const instant = toInstant(f[name]);
      if (instant === null) {
        errors[name] = 'badTime';
      } else {
        query[name] = instant;
      }
    }
  }
  if (query.from && query.to && query.from >= query.to) {
    errors.to = 'toBeforeFrom';
  }
  return { query, errors };
}

export function AccessLog() {
  const t = useT();
  const problemItems = useProblemItems();
  const [params, setParams] = useSearchParams();
  const appliedKey = JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])));
  const [form, setForm] = useState<Filters>(() => JSON.parse(appliedKey) as Filters);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refs = useReferences((entries ?? []).map((e) => e.requestId));

  useEffect(() => {
    const f = JSON.parse(appliedKey) as Filters;
    setForm(f);
    const q = queryOf(f);
    if (Object.keys(q.errors).length > 0) {
      setErrors(q.errors);
      setEntries([]);
      return;
    }
    let live = true;
    setEntries(null);
    setProblem(null);
    void api.GET('/v1/audit/access-log', { params: { query: { ...q.query, limit: 50 } } }).then((res) => {
      if (!live) {
        return;
      }
      if (res.data) {
        setEntries(res.data.items);
        setCursor(res.data.nextCursor ?? null);
      } else {
        setEntries([]);
        setCursor(null);
        setProblem(toProblem(res.response.status, res.error));
      }
    });
    return () => {
      live = false;
    };
  }, [appliedKey]);

  function apply() {
    const q = queryOf(form);
    setErrors(q.errors);
    if (Object.keys(q.errors).length > 0) {
      return;
    }
    const next = new URLSearchParams();
    for (const name of FIELDS) {
      if (form[name]) {
        next.set(name, form[name]);
      }
    }
    const lang = params.get('lang');
    if (lang) {
      next.set('lang', lang);
    }
    setParams(next);
  }

  async function loadMore() {
    if (!cursor) {
      return;
    }
    setBusy(true);
    const q = queryOf(JSON.parse(appliedKey) as Filters).query;
    const res = await api.GET('/v1/audit/access-log', { params: { query: { ...q, limit: 50, cursor } } });
    setBusy(false);
    if (res.data) {
      setEntries((previous) => [...(previous ?? []), ...(res.data?.items ?? [])]);
      setCursor(res.data.nextCursor ?? null);
    } else {
      setProblem(toProblem(res.response.status, res.error));
    }
  }

  const message = (e: string) =>
    e === 'badTime' ? t('audit.filter.badTime') : t('audit.filter.toBeforeFrom');
  const summary: SummaryItem[] = [
    ...Object.entries(errors).map(([f, e]) => ({
      target: (ID as Record<string, string>)[f],
      text: message(e),
    })),
    ...problemItems(problem, ID),
  ];
  const set = (name: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const viewLabel = (v: string) =>
    (VIEWS as readonly string[]).includes(v) ? t(`audit.view.${v}` as MessageKey) : v;

  return (
    <section>
      <h1>{t('audit.access.title')}</h1>
      <ErrorSummary items={summary} />
      <p>{t('audit.access.intro')}</p>
      <form
        className="audit-filters"
        aria-labelledby="audit-access-filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <h2 id="audit-access-filters" className="visually-hidden">
          {t('list.filters')}
        </h2>
        <div className="filters">
          <SelectFilter
            id={ID.view}
            label={t('audit.access.view')}
            value={form.view}
            onChange={set('view')}
            options={VIEWS.map((v) => [v, viewLabel(v)])}
          />
          <TimeFilter
            id={ID.from}
            label={t('audit.filter.from')}
            value={form.from}
            onChange={set('from')}
            error={errors.from ? message(errors.from) : undefined}
          />
          <TimeFilter
            id={ID.to}
            label={t('audit.filter.to')}
            value={form.to}
            onChange={set('to')}
            error={errors.to ? message(errors.to) : undefined}
          />
        </div>
        <div className="audit-buttons">
          <button type="submit" className="button">
            {t('audit.search')}
          </button>
        </div>
      </form>
      <h2 id="audit-access-table">{t('audit.access.table')}</h2>
      {entries === null ? (
        <Loading />
      ) : (
        <>
          <p role="status">{t('audit.access.shown', { count: entries.length })}</p>
          {entries.length > 0 && (
            <div className="table-wrap">
              <table aria-labelledby="audit-access-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.col.time')}</th>
                    <th scope="col">{t('audit.access.reader')}</th>
                    <th scope="col">{t('audit.col.request')}</th>
                    <th scope="col">{t('audit.access.view')}</th>
                    <th scope="col">{t('audit.access.httpRequest')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Time iso={e.accessedAt} />
                      </td>
                      <th scope="row">
                        <bdi>{e.userName ?? e.userId}</bdi>
                      </th>
                      <td>
                        <Link to={`/audit/requests/${e.requestId}`}>
                          {refs.get(e.requestId)?.reference ??
                            t('audit.request.unnamed', { id: e.requestId.slice(0, 8) })}
                        </Link>
                      </td>
                      <td>{viewLabel(e.view)}</td>
                      <td>
                        <code>{e.httpRequestId ?? '—'}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor && (
            <button
              type="button"
              className="button secondary"
              onClick={() => void loadMore()}
              disabled={busy}
            >
              {t('common.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
