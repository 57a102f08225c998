// /inbox and /outgoing: the loaded pages sorted by the nearest legal deadline, filters (status and channel
// asked of the API; counterpart, urgency and deadline applied to the loaded rows), cursor paging with
// "Load more", CSV of what is shown. Filters live in the URL, so a filtered list can be bookmarked.
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Loading, Urgency } from '../components/States';
import { download, toCsv } from '../csv';
import { useDates, useLabels } from '../format';
import { useDynamicT, useT } from '../i18n/t';
import { byDeadline, counterpart, loadPage, terminalStates, type Box, type ListedRequest } from '../requests';
import { useWorkflows } from '../workflows';

const DAY_MS = 24 * 3600 * 1000;
const DEADLINES = ['overdue', 'week', 'month', 'none'] as const;

function deadlineMatches(r: ListedRequest, bucket: string, now: number): boolean {
  const due = r.deadline ? Date.parse(r.deadline) : null;
  switch (bucket) {
    case 'overdue':
      return due !== null && due < now;
    case 'week':
      return due !== null && due >= now && due <= now + 7 * DAY_MS;
    case 'month':
      return due !== null && due >= now && due <= now + 30 * DAY_MS;
    case 'none':
      return due === null;
    default:
      return true;
  }
}

export function RequestList({ box }: { box: Box }) {
  const t = useT();
  const dt = useDynamicT();
  const labels = useLabels();
  const { dateTime } = useDates();
  const workflows = useWorkflows();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const channel = params.get('channel') ?? '';
  const party = params.get('counterpart') ?? '';
  const urgency = params.get('urgency') ?? '';
  const deadline = params.get('deadline') ?? '';
  const [rows, setRows] = useState<ListedRequest[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const terminal = useMemo(() => terminalStates(workflows), [workflows]);

  useEffect(() => {
    if (!workflows) {
      return;
    }
    let live = true;
    setRows(null);
    void loadPage(box, { status, channel }, terminal).then((page) => {
      if (live) {
        setRows(page?.items ?? []);
        setCursor(page?.nextCursor ?? null);
      }
    });
    return () => {
      live = false;
    };
  }, [box, status, channel, workflows, terminal]);

  async function loadMore() {
    if (!cursor) {
      return;
    }
    setBusy(true);
    const page = await loadPage(box, { status, channel, cursor }, terminal);
    setBusy(false);
    if (page) {
      setRows((previous) => [...(previous ?? []), ...page.items]);
      setCursor(page.nextCursor);
    }
  }

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setParams(next, { replace: true });
  };

  const now = Date.now();
  const shown = (rows ?? [])
    .filter((r) => !party || counterpart(r).id === party)
    .filter((r) => !urgency || r.urgency === urgency)
    .filter((r) => !deadline || deadlineMatches(r, deadline, now))
    .sort(byDeadline);
  const counterparts = [...new Map((rows ?? []).map((r) => [counterpart(r).id, counterpart(r)])).values()];
  const states = [
    ...new Set((workflows ?? []).filter((w) => !channel || w.channel === channel).flatMap((w) => w.states)),
  ];
  const title = box === 'incoming' ? t('list.inbox') : t('list.outgoing');

  function exportCsv() {
    const header = [
      t('col.reference'),
      t('col.subject'),
      t('col.counterpart'),
      t('col.channel'),
      t('col.status'),
      t('col.urgency'),
      t('col.deadline'),
      t('col.updated'),
    ];
    const data = shown.map((r) => [
      r.reference,
      r.subject ?? '',
      `${counterpart(r).name} (${counterpart(r).code})`,
      labels.channel(r.channel),
      labels.status(r.status),
      labels.urgency(r.urgency),
      r.deadline ?? '',
      r.updatedAt,
    ]);
    download(`${box}-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, data));
  }

  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <div className="filter">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} value={value} onChange={(e) => setFilter(name, e.target.value)}>
        <option value="">{t('filter.any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section>
      <h1>{title}</h1>
      <form className="filters" aria-label={t('list.filters')} onSubmit={(e) => e.preventDefault()}>
        {select(
          'status',
          t('filter.status'),
          status,
          states.map((s) => [s, labels.status(s)]),
        )}
        {select(
          'channel',
          t('filter.channel'),
          channel,
          (workflows ?? []).map((w) => [w.channel, labels.channel(w.channel)]),
        )}
        {select(
          'counterpart',
          t('filter.counterpart'),
          party,
          counterparts.map((c) => [c.id, `${c.name} (${c.code})`]),
        )}
        {select(
          'urgency',
          t('filter.urgency'),
          urgency,
          ['normal', 'urgent', 'emergency'].map((u) => [u, labels.urgency(u)]),
        )}
        {select(
          'deadline',
          t('filter.deadline'),
          deadline,
          DEADLINES.map((d) => [d, t(`deadline.${d}`)]),
        )}
      </form>
      <p className="muted">{t('list.sortNote')}</p>
      {rows === null ? (
        <Loading />
      ) : (
        <>
          <div className="list-tools">
            <p role="status">{t('list.shown', { shown: shown.length, loaded: rows.length })}</p>
            <button
              type="button"
              className="button secondary"
              onClick={exportCsv}
              disabled={shown.length === 0}
            >
              {t('list.exportCsv')}
            </button>
          </div>
          {shown.length === 0 ? (
            <p>{t('list.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('list.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('col.reference')}</th>
                    <th scope="col">{t('col.subject')}</th>
                    <th scope="col">{t('col.counterpart')}</th>
                    <th scope="col">{t('col.status')}</th>
                    <th scope="col">{t('col.urgency')}</th>
                    <th scope="col">{t('col.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id} className={r.urgency !== 'normal' ? 'row-urgent' : undefined}>
                      <th scope="row">
                        <Link to={`/requests/${r.id}`}>{r.reference}</Link>
                        <div className="muted">{labels.channel(r.channel)}</div>
                      </th>
                      <td>
                        <bdi>{r.subject}</bdi>
                      </td>
                      <td>
                        <bdi>
                          {counterpart(r).name} ({counterpart(r).code})
                        </bdi>
                      </td>
                      <td>{labels.status(r.status)}</td>
                      <td>
                        <Urgency value={r.urgency} />
                      </td>
                      <td>
                        {r.deadline ? (
                          <>
                            <time dateTime={r.deadline}>{dateTime(r.deadline)}</time>
                            {r.deadlineLabel && (
                              <div className="muted">
                                {dt(`timerLabel.${r.deadlineLabel}`, r.deadlineLabel)}
                              </div>
                            )}
                          </>
                        ) : (
                          t('deadline.none')
                        )}
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
