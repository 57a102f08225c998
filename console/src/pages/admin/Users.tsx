// /admin/users?authority=<id>: one authority's users with their tokens (issued, last used, revoked; never a
// token), "Issue token" (shown once), "Revoke tokens", and the form that adds a user with roles.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Loading } from '../../components/States';
import { useDates } from '../../format';
import { useDynamicT, useT } from '../../i18n/t';
import { useAuthorities } from './Directory';
import { type AdminUser, call } from './call';
import { IssuedToken } from './IssuedToken';
import { localProblem, useProblemText } from './problems';
import { SelectField } from './SelectField';

const ROLES = ['officer', 'approver', 'auditor'] as const;
type Role = (typeof ROLES)[number];
const IDS = { name: 'user-name', roles: 'user-role-officer' };

export function Users() {
  const t = useT();
  const dt = useDynamicT();
  const text = useProblemText();
  const { dateTime } = useDates();
  const [params, setParams] = useSearchParams();
  const [authorities] = useAuthorities();
  const local = (authorities ?? []).filter((a) => !a.remote);
  const authorityId = params.get('authority') ?? local[0]?.id ?? '';
  const authority = local.find((a) => a.id === authorityId);
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    if (!authorityId) {
      setUsers([]);
      return;
    }
    void call(api.GET('/v1/authorities/{id}/users', { params: { path: { id: authorityId } } })).then((r) =>
      setUsers(r.ok ? r.data : []),
    );
  }, [authorityId]);
  useEffect(() => {
    setUsers(null);
    load();
  }, [load]);

  function choose(id: string) {
    setIssued(null);
    setProblem(null);
    setNotice(null);
    setParams({ authority: id }, { replace: true });
  }

  async function addUser(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const missing = localProblem([
      ...(name.trim() ? [] : [{ field: 'name', message: t('admin.users.required.name') }]),
      ...(roles.length > 0 ? [] : [{ field: 'roles', message: t('admin.users.required.roles') }]),
    ]);
    if (missing) {
      setProblem(missing);
      return;
    }
    setBusy(true);
    const result = await call(
      api.POST('/v1/authorities/{id}/users', {
        params: { path: { id: authorityId } },
        body: { name: name.trim(), roles },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setIssued({ name: name.trim(), token: result.data.token });
    setName('');
    setRoles([]);
    load();
  }

  async function issue(user: AdminUser) {
    setNotice(null);
    const result = await call(api.POST('/v1/users/{id}/tokens', { params: { path: { id: user.id } } }));
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setIssued({ name: user.name, token: result.data.token });
    load();
  }

  async function revoke(user: AdminUser) {
    setIssued(null);
    const result = await call(api.DELETE('/v1/users/{id}/tokens', { params: { path: { id: user.id } } }));
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setNotice(t('admin.users.revoked', { name: user.name, count: result.data.revoked }));
    load();
  }

  return (
    <section>
      <ErrorSummary items={text.summary(problem, IDS)} />
      <h1>{t('admin.users.title')}</h1>
      {authorities === null ? (
        <Loading />
      ) : local.length === 0 ? (
        <p>{t('admin.users.noAuthority')}</p>
      ) : (
        <>
          <SelectField
            id="users-authority"
            label={t('admin.users.authority')}
            value={authorityId}
            onChange={choose}
            options={local.map((a) => [a.id, `${a.name} (${a.code})`])}
          />
          {issued && <IssuedToken {...issued} onDone={() => setIssued(null)} />}
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <h2>{t('admin.users.listTitle', { code: authority?.code ?? '' })}</h2>
          {users === null ? (
            <Loading />
          ) : users.length === 0 ? (
            <p>{t('admin.users.empty')}</p>
          ) : (
            <ul className="admin-users">
              {users.map((u) => (
                <li key={u.id} className="admin-user">
                  <h3>
                    <bdi>{u.name}</bdi>
                  </h3>
                  <p>
                    {t('admin.users.roles', { roles: u.roles.map((r) => dt(`role.${r}`, r)).join(', ') })}
                    {u.disabledAt ? ` — ${t('admin.users.disabled')}` : ''}
                  </p>
                  <div className="table-wrap">
                    <table>
                      <caption>{t('admin.users.tokensCaption', { name: u.name })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('admin.col.issued')}</th>
                          <th scope="col">{t('admin.col.lastUsed')}</th>
                          <th scope="col">{t('admin.col.state')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {u.tokens.map((tk) => (
                          <tr key={tk.id}>
                            <td>
                              <time dateTime={tk.createdAt}>{dateTime(tk.createdAt)}</time>
                            </td>
                            <td>
                              {tk.lastUsedAt ? (
                                <time dateTime={tk.lastUsedAt}>{dateTime(tk.lastUsedAt)}</time>
                              ) : (
                                t('admin.users.neverUsed')
                              )}
                            </td>
                            <td>
                              {tk.revokedAt
                                ? t('admin.users.revokedOn', { when: dateTime(tk.revokedAt) })
                                : t('admin.users.active')}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <div className="action-buttons">
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={t('admin.users.issueFor', { name: u.name })}
                      onClick={() => void issue(u)}
                    >
                      {t('admin.users.issue')}
                    </button>
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={t('admin.users.revokeFor', { name: u.name })}
                      onClick={() => void revoke(u)}
                      disabled={u.tokens.every((tk) => tk.revokedAt !== null)}
                    >
                      {t('admin.users.revoke')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('admin.users.addTitle')}</h2>
          <form onSubmit={(e) => void addUser(e)} noValidate className="admin-form">
            <Field
              id={IDS.name}
              label={t('admin.users.name')}
              value={name}
              onChange={setName}
              errors={text.forField(problem, 'name')}
              isRequired
            />
            <fieldset
              className="field"
              data-invalid={text.forField(problem, 'roles').length > 0 || undefined}
              aria-describedby={text.forField(problem, 'roles').length > 0 ? 'user-roles-error' : undefined}
            >
              <legend>{t('admin.users.rolesLabel')}</legend>
              {text.forField(problem, 'roles').length > 0 && (
                <p className="field-error" id="user-roles-error">
                  {text.forField(problem, 'roles').join(' ')}
                </p>
              )}
              {ROLES.map((r) => (
                <label key={r} className="admin-check">
                  <input
                    type="checkbox"
                    id={`user-role-${r}`}
                    checked={roles.includes(r)}
                    onChange={(e) =>
                      setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))
                    }
                  />
                  {dt(`role.${r}`, r)}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button" disabled={busy}>
              {t('admin.users.add')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
