// /audit — search the events of the auditor's authority's requests (GET /v1/audit/events), newest first:
// filters as a form (channel, status reached, action, actor, acting authority, counterpart, time), applied on
// "Search" and kept in the URL; a table of results with each request linked to its history; "Load more".
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type AuditEvent } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Loading } from '../../components/States';
import { useLabels } from '../../format';
import { useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { useWorkflows } from '../../workflows';
import { ENGINE_ACTIONS, fieldIds, SelectFilter, TimeFilter, toInstant, useActionLabel } from './filters';
import { authorityName, Hash, Time, useDirectory, useProblemItems, useReferences } from './shared';

const FIELDS = [
  'channel',
  'status',
  'action',
  'actorType',
  'actorAuthorityId',
  'counterpartAuthorityId',
  'from',
  'to',
] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const ID = fieldIds(FIELDS, 'audit-filter');

function fromParams(params: URLSearchParams): Filters {
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Filters;
}

/** The API query for these filters, or the problems that keep it from being asked. */
function toQuery(
  f: Filters,
  t: ReturnType<typeof useT>,
): { query: Record<string, string> } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const name of FIELDS) {
    if (!f[name]) {
      continue;
    }
    if (name === 'from' || name === 'to') {
      const instant = toInstant(f[name]);
      if (instant === null) {
        errors[name] = t('audit.filter.badTime');
        continue;
      }
      query[name] = instant;
    } else {
      query[name] = f[name];
    }
  }
  if (query.from && query.to && query.from >= query.to) {
    errors.to = t('audit.filter.toBeforeFrom');
  }
  return Object.keys(errors).length > 0 ? { errors } : { query };
}

export function EventSearch() {
  const t = useT();
  const labels = useLabels();
  const actionLabel = useActionLabel();
  const workflows = useWorkflows();
  const directory = useDirectory();
  const { user } = useSignedIn();
  const problemItems = useProblemItems();
  const [params, setParams] = useSearchParams();
  const applied = fromParams(params);
  const [form, setForm] = useState<Filters>(applied);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const refs = useReferences((events ?? []).map((e) => e.requestId));
  const appliedKey = JSON.stringify(applied);

  useEffect(() => {
    const f = JSON.parse(appliedKey) as Filters;
    setForm(f);
    const q = toQuery(f, t);
    if ('errors' in q) {
      setFieldErrors(q.errors);
      setEvents([]);
      return;
    }
    let live = true;
    setEvents(null);
    setProblem(null);
    void api.GET('/v1/audit/events', { params: { query: { ...q.query, limit: 50 } } }).then((res) => {
      if (!live) {
        return;
      }
      if (res.data) {
        setEvents(res.data.items);
        setCursor(res.data.nextCursor ?? null);
      } else {
        setEvents([]);
        setCursor(null);
        setProblem(toProblem(res.response.status, res.error));
      }
    });
    return () => {
      live = false;
    };
    // The applied filters (the URL) decide what is asked; the form only edits them.
  }, [appliedKey, t]);

  function search() {
    const q = toQuery(form, t);
    if ('errors' in q) {
      setFieldErrors(q.errors);
      return;
    }
    setFieldErrors({});
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
    const q = toQuery(applied, t);
    if (!cursor || 'errors' in q) {
      return;
    }
    setBusy(true);
    const res = await api.GET('/v1/audit/events', { params: { query: { ...q.query, limit: 50, cursor } } });
    setBusy(false);
    if (res.data) {
      setEvents((previous) => [...(previous ?? []), ...(res.data?.items ?? [])]);
      setCursor(res.data.nextCursor ?? null);
    } else {
      setProblem(toProblem(res.response.status, res.error));
    }
  }

  const set = (name: keyof Filters) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const channels = (workflows ?? []).map((w) => w.channel);
  const states = [
    ...new Set(
      (workflows ?? []).filter((w) => !form.channel || w.channel === form.channel).flatMap((w) => w.states),
    ),
  ];
  const actions = [
    ...new Set([
      ...(workflows ?? [])
        .filter((w) => !form.channel || w.channel === form.channel)
        .flatMap((w) => w.actions.map((a) => a.action)),
      ...ENGINE_ACTIONS,
    ]),
  ];
  const others = directory.filter((a) => a.id !== user.authorityId);
  const summary: SummaryItem[] = [
    ...Object.entries(fieldErrors).map(([f, text]) => ({ target: (ID as Record<string, string>)[f], text })),
    ...problemItems(problem, ID),
  ];

  return (
    <section>
      <h1>{t('audit.events.title')}</h1>
      <ErrorSummary items={summary} />
      <p>{t('audit.events.intro')}</p>
      <form
        className="audit-filters"
        aria-labelledby="audit-filters-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <h2 id="audit-filters-title" className="visually-hidden">
          {t('list.filters')}
        </h2>
        <div className="filters">
          <SelectFilter
            id={ID.channel}
            label={t('filter.channel')}
            value={form.channel}
            onChange={(channel) =>
              // Status and action lists follow the channel: a choice it does not offer is dropped.
              setForm((f) => ({ ...f, channel, status: '', action: '' }))
            }
            options={channels.map((c) => [c, labels.channel(c)])}
          />
          <SelectFilter
            id={ID.status}
            label={t('audit.filter.status')}
            value={form.status}
            onChange={set('status')}
            options={states.map((s) => [s, labels.status(s)])}
          />
          <SelectFilter
            id={ID.action}
            label={t('audit.filter.action')}
            value={form.action}
            onChange={set('action')}
            options={actions.map((a) => [a, actionLabel(form.channel || undefined, a)])}
          />
          <SelectFilter
            id={ID.actorType}
            label={t('audit.filter.actorType')}
            value={form.actorType}
            onChange={set('actorType')}
            options={[
              ['user', t('audit.actor.user')],
              ['system', t('audit.actor.system')],
            ]}
          />
          <SelectFilter
            id={ID.actorAuthorityId}
            label={t('audit.filter.actorAuthority')}
            value={form.actorAuthorityId}
            onChange={set('actorAuthorityId')}
            options={directory.map((a) => [a.id, `${a.name} (${a.code})`])}
          />
          <SelectFilter
            id={ID.counterpartAuthorityId}
            label={t('filter.counterpart')}
            value={form.counterpartAuthorityId}
            onChange={set('counterpartAuthorityId')}
            options={others.map((a) => [a.id, `${a.name} (${a.code})`])}
          />
          <TimeFilter
            id={ID.from}
            label={t('audit.filter.from')}
            value={form.from}
            onChange={set('from')}
            error={fieldErrors.from}
          />
          <TimeFilter
            id={ID.to}
            label={t('audit.filter.to')}
            value={form.to}
            onChange={set('to')}
            error={fieldErrors.to}
          />
        </div>
        <div className="audit-buttons">
          <button type="submit" className="button">
            {t('audit.search')}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setForm(fromParams(new URLSearchParams()));
              setFieldErrors({});
              const lang = params.get('lang');
              setParams(lang ? { lang } : {});
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <h2 id="audit-results-title">{t('audit.events.results')}</h2>
      {events === null ? (
        <Loading />
      ) : (
        <>
          <p role="status">{t('audit.events.shown', { count: events.length })}</p>
          {events.length > 0 && (
            <div className="table-wrap">
              <table aria-labelledby="audit-results-title">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.col.time')}</th>
                    <th scope="col">{t('audit.col.actor')}</th>
                    <th scope="col">{t('audit.col.authority')}</th>
                    <th scope="col">{t('audit.col.request')}</th>
                    <th scope="col">{t('audit.col.action')}</th>
                    <th scope="col">{t('audit.col.transition')}</th>
                    <th scope="col">{t('audit.col.hash')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => {
                    const ref = refs.get(e.requestId);
                    return (
                      <tr key={e.id}>
                        <td>
                          <Time iso={e.occurredAt} />
                        </td>
                        <td>
                          <Actor event={e} />
                        </td>
                        <td>
                          <bdi>
                            {e.actor.authorityId ? authorityName(directory, e.actor.authorityId) : '—'}
                          </bdi>
                        </td>
                        <th scope="row">
                          <Link to={`/audit/requests/${e.requestId}`}>
                            {ref
                              ? ref.reference
                              : t('audit.request.unnamed', { id: e.requestId.slice(0, 8) })}
                          </Link>
                        </th>
                        <td>{actionLabel(ref?.channel, e.action)}</td>
                        <td>
                          <Transition from={e.fromStatus} to={e.toStatus} />
                        </td>
                        <td>
                          <Hash value={e.hash} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {events.length === 0 && !problem && <p>{t('audit.events.none')}</p>}
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

export function Actor({ event }: { event: AuditEvent }) {
  const t = useT();
  return (
    <bdi>
      {event.actor.type === 'system' ? t('timeline.system') : (event.actor.name ?? event.actor.userId ?? '')}
    </bdi>
  );
}

/** "Draft → Submitted", or the one status when the event did not change it. */
export function Transition({ from, to }: { from?: string | null; to: string }) {
  const t = useT();
  const labels = useLabels();
  if (!from || from === to) {
    return <span>{t('audit.transition.same', { status: labels.status(to) })}</span>;
  }
  return <span>{t('timeline.transition', { from: labels.status(from), to: labels.status(to) })}</span>;
}
