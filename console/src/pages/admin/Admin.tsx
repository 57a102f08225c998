// /admin: the operator's screens, each its own route with a local sub-navigation. Operator admins see all of
// them; an authority's officers and approvers see its webhooks only (the API keeps webhooks to an authority).
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { NotFound } from '../../components/States';
import type { MessageKey } from '../../i18n/locale';
import { useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { Directory } from './Directory';
import { Health } from './Health';
import { Peers } from './Peers';
import { Settings } from './Settings';
import { Users } from './Users';
import { Webhooks } from './Webhooks';
import './admin.css';

const SCREENS: { path: string; label: MessageKey; element: React.ReactNode; admin: boolean }[] = [
  { path: 'directory', label: 'admin.nav.directory', element: <Directory />, admin: true },
  { path: 'users', label: 'admin.nav.users', element: <Users />, admin: true },
  { path: 'settings', label: 'admin.nav.settings', element: <Settings />, admin: true },
  { path: 'webhooks', label: 'admin.nav.webhooks', element: <Webhooks />, admin: false },
  { path: 'peers', label: 'admin.nav.peers', element: <Peers />, admin: true },
  { path: 'health', label: 'admin.nav.health', element: <Health />, admin: true },
];

export function Admin() {
  const t = useT();
  const { user } = useSignedIn();
  const isAdmin = user.roles.includes('admin');
  const mayWebhooks = user.roles.includes('officer') || user.roles.includes('approver');
  const shown = SCREENS.filter((s) => (s.admin ? isAdmin : isAdmin || mayWebhooks));
  const first = shown[0];
  if (!first) {
    return <NotFound />;
  }
  return (
    <div className="admin">
      <nav aria-label={t('admin.nav.label')} className="admin-nav">
        <ul>
          {shown.map((s) => (
            <li key={s.path}>
              <NavLink to={`/admin/${s.path}`}>{t(s.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-screen">
        <Routes>
          <Route index element={<Navigate to={first.path} replace />} />
          {shown.map((s) => (
            <Route key={s.path} path={s.path} element={s.element} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
    </div>
  );
}
