// /audit/* — the auditor's screens: event search, one request's history (Verify, export), checkpoints,
// statistics, the read-access log. Read-only: no case action is offered here. Users without the auditor
// role are told in words that these screens are not theirs (the API would answer 403 anyway).
import { useIntl } from 'react-intl';
import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../components/States';
import type { MessageKey } from '../../i18n/locale';
import { useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { AccessLog } from './AccessLog';
import { CheckpointDetail } from './CheckpointDetail';
import { Checkpoints } from './Checkpoints';
import { EventSearch } from './EventSearch';
import { RequestHistory } from './RequestHistory';
import { Statistics } from './Statistics';
import './audit.css';

const SCREENS: { to: string; label: MessageKey }[] = [
  { to: '/audit', label: 'audit.nav.events' },
  { to: '/audit/checkpoints', label: 'audit.nav.checkpoints' },
  { to: '/audit/stats', label: 'audit.nav.stats' },
  { to: '/audit/access-log', label: 'audit.nav.accessLog' },
];

export function Audit() {
  const t = useT();
  const intl = useIntl();
  const { user } = useSignedIn();
  if (!user.roles.includes('auditor')) {
    return (
      <section>
        <h1>{t('audit.refused.title')}</h1>
        <p>{t('audit.refused.body')}</p>
        <p>
          {t('header.roles', {
            roles: intl.formatList(user.roles.map((r) => t(`role.${r}` as MessageKey))),
          })}
        </p>
      </section>
    );
  }
  return (
    <>
      <nav aria-label={t('audit.nav.label')} className="audit-nav">
        <ul>
          {SCREENS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.to === '/audit'}>
                {t(s.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<EventSearch />} />
        <Route path="requests/:id" element={<RequestHistory />} />
        <Route path="checkpoints" element={<Checkpoints />} />
        <Route path="checkpoints/:seq" element={<CheckpointDetail />} />
        <Route path="stats" element={<Statistics />} />
        <Route path="access-log" element={<AccessLog />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
