// The frame of every screen: skip link, product name, the signed-in user and authority, navigation by
// role, the language select and "Sign out".
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { NavLink, useNavigate } from 'react-router';
import { useT } from '../i18n/t';
import { useSession } from '../session-context';
import type { MessageKey } from '../i18n/locale';
import { LanguageSelect } from './LanguageSelect';

interface NavItem {
  to: string;
  label: MessageKey;
  roles: string[];
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.myWork', roles: ['officer', 'approver', 'auditor', 'admin'] },
  { to: '/new', label: 'nav.new', roles: ['officer'] },
  { to: '/inbox', label: 'nav.inbox', roles: ['officer', 'approver', 'auditor'] },
  { to: '/outgoing', label: 'nav.outgoing', roles: ['officer', 'approver', 'auditor'] },
  { to: '/audit', label: 'nav.audit', roles: ['auditor'] },
  { to: '/admin', label: 'nav.admin', roles: ['admin'] },
  // An authority's own webhooks are its officers' and approvers' (the operator admin has none).
  { to: '/admin/webhooks', label: 'nav.webhooks', roles: ['officer', 'approver'] },
];

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const intl = useIntl();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const roles = session?.user.roles ?? [];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="header">
        <div className="header-top">
          <p className="product">{t('app.name')}</p>
          <LanguageSelect />
        </div>
        {session && (
          <div className="header-user">
            <p>
              <span className="user-name">{t('header.user', { name: session.user.name })}</span>
              {' · '}
              <span className="user-authority">
                {session.user.authority
                  ? `${session.user.authority.name} (${session.user.authority.code})`
                  : t('header.operator')}
              </span>
              {' · '}
              <span className="user-roles">
                {t('header.roles', {
                  roles: intl.formatList(roles.map((r) => t(`role.${r}` as MessageKey))),
                })}
              </span>
            </p>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              {t('header.signOut')}
            </button>
          </div>
        )}
        {session && (
          <nav aria-label={t('nav.label')}>
            <ul className="nav">
              {NAV.filter((item) => item.roles.some((r) => roles.includes(r))).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
