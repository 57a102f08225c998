// /admin/health: readiness (GET /health/ready) in words: the engine as a whole, then each dependency up or
// down with its response time or why it is down; "Check again" asks once more.
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { api, type Schemas } from '../../api/client';
import { Loading } from '../../components/States';
import { useDynamicT, useT } from '../../i18n/t';

type Report = Schemas['HealthReportResponse'];

export function Health() {
  const t = useT();
  const dt = useDynamicT();
  const intl = useIntl();
  const [report, setReport] = useState<Report | null | 'unreachable'>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);

  const load = useCallback(() => {
    setReport(null);
    // A 503 carries the same report, naming what is down.
    void api
      .GET('/health/ready')
      .then(({ data, error }) => setReport(data ?? (error as Report | undefined) ?? 'unreachable'))
      .catch(() => setReport('unreachable'))
      .finally(() => setCheckedAt(new Date()));
  }, []);
  useEffect(load, [load]);

  return (
    <section>
      <h1>{t('admin.health.title')}</h1>
      {report === null ? (
        <Loading />
      ) : report === 'unreachable' || !report.details ? (
        <p className="health-overall health-down">{t('admin.health.unreachable')}</p>
      ) : (
        <>
          <p className={`health-overall ${report.status === 'ok' ? 'health-up' : 'health-down'}`}>
            <strong>{report.status === 'ok' ? t('admin.health.ready') : t('admin.health.notReady')}</strong>
            {report.message ? ` ${report.message}` : ''}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('admin.health.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.health.dependency')}</th>
                  <th scope="col">{t('admin.col.state')}</th>
                  <th scope="col">{t('admin.health.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(report.details).map(([name, d]) => (
                  <tr key={name}>
                    <th scope="row">{dt(`admin.health.dep.${name}`, name)}</th>
                    <td>
                      <strong className={d.status === 'up' ? 'health-up' : 'health-down'}>
                        {d.status === 'up' ? t('admin.health.up') : t('admin.health.down')}
                      </strong>
                    </td>
                    <td>
                      {d.status === 'down'
                        ? (d.message ?? '')
                        : d.responseTimeMs !== undefined
                          ? t('admin.health.responseTime', { ms: intl.formatNumber(d.responseTimeMs) })
                          : ''}
                      {d.backend ? ` ${t('admin.health.backend', { backend: d.backend })}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {checkedAt && (
        <p className="muted">
          {t('admin.health.checkedAt', { when: intl.formatTime(checkedAt, { timeStyle: 'medium' }) })}
        </p>
      )}
      <button type="button" className="button secondary" onClick={load}>
        {t('admin.health.again')}
      </button>
    </section>
  );
}
