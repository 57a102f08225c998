// /audit/stats — per channel and counterpart, the authority's requests (GET /v1/audit/stats): counts by
// status, median and 90th-percentile times from submission to receipt, decision and execution, suggested
// deadlines passed; numbers and durations localised. "Download CSV" saves the engine's own CSV
// (format=csv) for the same filters.
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Loading } from '../../components/States';
import { useLabels } from '../../format';
import { useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { useWorkflows } from '../../workflows';
import { fieldIds, SelectFilter, TimeFilter, toInstant } from './filters';
import { fileNameOf, saveBlob, Time, useDirectory, useProblemItems } from './shared';

type Stats = Schemas['StatsResponse'];
type Durations = Schemas['DurationsResponse'];
const FIELDS = ['channel', 'counterpartAuthorityId', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const ID = fieldIds(FIELDS, 'audit-stats');

function queryOf(f: Filters): { query: Record<string, string>; errors: Record<string, string> } {
  const query: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const name of FIELDS) {
    if (!f[name]) {
      continue;
    }
    if (name === 'from' || name === 'to') {
      const instant = toInstant(f[name]);
      if (instant === null) {
        errors[name] = 'badTime';
      } else {
        query[name] = instant;
      }
    } else {
      query[name] = f[name];
    }
  }
  if (query.from && query.to && query.from >= query.to) {
    errors.to = 'toBeforeFrom';
  }
  return { query, errors };
}

/** A duration in its largest whole unit (days, hours, minutes, seconds), localised. */
function useDuration(): (seconds: number | null | undefined) => string {
  const intl = useIntl();
  return (seconds) => {
    if (seconds === null || seconds === undefined) {
      return '—';
    }
    const [unit, size] =
      seconds >= 86400
        ? ['day', 86400]
        : seconds >= 3600
          ? ['hour', 3600]
          : seconds >= 60
            ? ['minute', 60]
            : ['second', 1];
    return intl.formatNumber(seconds / size, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumFractionDigits: 1,
    });
  };
}

export function Statistics() {
  const t = useT();
  const labels = useLabels();
  const intl = useIntl();
  const workflows = useWorkflows();
  const directory = useDirectory();
  const { user } = useSignedIn();
  const problemItems = useProblemItems();
  const duration = useDuration();
  const [params, setParams] = useSearchParams();
  const appliedKey = JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])));
  const [form, setForm] = useState<Filters>(() => JSON.parse(appliedKey) as Filters);
  const [stats, setStats] = useState<Stats | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [downloaded, setDownloaded] = useState('');

  useEffect(() => {
    const f = JSON.parse(appliedKey) as Filters;
    setForm(f);
    const q = queryOf(f);
    if (Object.keys(q.errors).length > 0) {
      setErrors(q.errors);
      setStats({ generatedAt: new Date().toISOString(), rows: [] });
      return;
    }
    let live = true;
    setStats(null);
    setProblem(null);
    void api.GET('/v1/audit/stats', { params: { query: q.query } }).then((res) => {
      if (!live) {
        return;
      }
      if (res.data) {
        setStats(res.data);
      } else {
        setProblem(toProblem(res.response.status, res.error));
        setStats({ generatedAt: new Date().toISOString(), rows: [] });
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

  async function downloadCsv() {
    setProblem(null);
    setDownloaded('');
    const q = new URLSearchParams({ ...queryOf(JSON.parse(appliedKey) as Filters).query, format: 'csv' });
    let res: Response;
    try {
      res = await fetch(`/v1/audit/stats?${q.toString()}`, { credentials: 'same-origin' });
    } catch {
      setProblem({ status: 0, code: 'NETWORK', message: '', fields: [] });
      return;
    }
    if (!res.ok) {
      setProblem(toProblem(res.status, await res.json().catch(() => null)));
      return;
    }
    const name = fileNameOf(res, 'audit-stats.csv');
    saveBlob(name, new Blob([await res.text()], { type: 'text/csv;charset=utf-8' }));
    setDownloaded(name);
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
  const durations = (d: Durations) =>
    d.n === 0
      ? t('audit.stats.noneReached')
      : t('audit.stats.durations', {
          median: duration(d.medianSeconds),
          p90: duration(d.p90Seconds),
          n: d.n,
        });

  return (
    <section>
      <h1>{t('audit.stats.title')}</h1>
      <ErrorSummary items={summary} />
      <p>{t('audit.stats.intro')}</p>
      <form
        className="audit-filters"
        aria-labelledby="audit-stats-filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <h2 id="audit-stats-filters" className="visually-hidden">
          {t('list.filters')}
        </h2>
        <div className="filters">
          <SelectFilter
            id={ID.channel}
            label={t('filter.channel')}
            value={form.channel}
            onChange={set('channel')}
            options={(workflows ?? []).map((w) => [w.channel, labels.channel(w.channel)])}
          />
          <SelectFilter
            id={ID.counterpartAuthorityId}
            label={t('filter.counterpart')}
            value={form.counterpartAuthorityId}
            onChange={set('counterpartAuthorityId')}
            options={directory
              .filter((a) => a.id !== user.authorityId)
              .map((a) => [a.id, `${a.name} (${a.code})`])}
          />
          <TimeFilter
            id={ID.from}
            label={t('audit.stats.from')}
            value={form.from}
            onChange={set('from')}
            error={errors.from ? message(errors.from) : undefined}
          />
          <TimeFilter
            id={ID.to}
            label={t('audit.stats.to')}
            value={form.to}
            onChange={set('to')}
            error={errors.to ? message(errors.to) : undefined}
          />
        </div>
        <div className="audit-buttons">
          <button type="submit" className="button">
            {t('audit.stats.apply')}
          </button>
          <button type="button" className="button secondary" onClick={() => void downloadCsv()}>
            {t('audit.stats.csv')}
          </button>
        </div>
        <p role="status" aria-live="polite">
          {downloaded && t('audit.export.done', { file: downloaded })}
        </p>
      </form>
      {stats === null ? (
        <Loading />
      ) : (
        <>
          <h2 id="audit-stats-table">{t('audit.stats.table')}</h2>
          <p className="muted">
            {t('audit.stats.generated')} <Time iso={stats.generatedAt} />
          </p>
          {stats.rows.length === 0 ? (
            <p>{t('audit.stats.none')}</p>
          ) : (
            <div className="table-wrap">
              <table aria-labelledby="audit-stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.stats.direction')}</th>
                    <th scope="col">{t('col.channel')}</th>
                    <th scope="col">{t('col.counterpart')}</th>
                    <th scope="col">{t('audit.stats.requests')}</th>
                    <th scope="col">{t('audit.stats.byStatus')}</th>
                    <th scope="col">{t('audit.stats.toReceipt')}</th>
                    <th scope="col">{t('audit.stats.toDecision')}</th>
                    <th scope="col">{t('audit.stats.toExecution')}</th>
                    <th scope="col">{t('audit.stats.deadlines')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.rows.map((r) => (
                    <tr key={`${r.direction}-${r.channel}-${r.counterpart?.id ?? 'all'}`}>
                      <td>
                        {t(r.direction === 'outgoing' ? 'audit.stats.outgoing' : 'audit.stats.incoming')}
                      </td>
                      <td>{labels.channel(r.channel)}</td>
                      <th scope="row">
                        <bdi>
                          {r.counterpart
                            ? `${r.counterpart.name ?? r.counterpart.id} (${r.counterpart.code ?? ''})`
                            : t('audit.stats.allCounterparts')}
                        </bdi>
                      </th>
                      <td>{intl.formatNumber(r.requests)}</td>
                      <td>
                        <ul className="audit-plain-list">
                          {Object.entries(r.byStatus).map(([s, n]) => (
                            <li key={s}>{t('audit.stats.statusCount', { status: labels.status(s), n })}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{durations(r.submissionToReceipt)}</td>
                      <td>{durations(r.submissionToDecision)}</td>
                      <td>{durations(r.submissionToExecution)}</td>
                      <td>{t('audit.stats.passed', { passed: r.passedDeadline, total: r.withDeadline })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
