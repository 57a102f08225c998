// /admin/directory: every authority of the directory (this node's and those of pinned peers) and the form
// that registers one of this node's (country, code, name, kind, accepted languages).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Loading } from '../../components/States';
import { useDynamicT, useT } from '../../i18n/t';
import { type Authority, call } from './call';
import { localProblem, useProblemText } from './problems';
import { SelectField } from './SelectField';

export const KINDS = ['central', 'contact-24-7', 'competent'] as const;
const IDS = {
  country: 'authority-country',
  code: 'authority-code',
  name: 'authority-name',
  kind: 'authority-kind',
  languages: 'authority-languages',
};

export function useAuthorities(): [Authority[] | null, () => void] {
  const [rows, setRows] = useState<Authority[] | null>(null);
  const load = useCallback(() => {
    void call(api.GET('/v1/authorities')).then((r) => setRows(r.ok ? r.data : []));
  }, []);
  useEffect(load, [load]);
  return [rows, load];
}

export function Directory() {
  const t = useT();
  const dt = useDynamicT();
  const text = useProblemText();
  const [rows, reload] = useAuthorities();
  const [form, setForm] = useState({ country: '', code: '', name: '', kind: 'central', languages: '' });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [added, setAdded] = useState<Authority | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    const missing = (['country', 'code', 'name', 'languages'] as const)
      .filter((f) => !form[f].trim())
      .map((f) => ({ field: f, message: t(`admin.directory.required.${f}`) }));
    const local = localProblem(missing);
    if (local) {
      setProblem(local);
      return;
    }
    setBusy(true);
    const result = await call(
      api.POST('/v1/authorities', {
        body: {
          country: form.country.trim().toUpperCase(),
          code: form.code.trim().toUpperCase(),
          name: form.name.trim(),
          kind: form.kind as (typeof KINDS)[number],
          languages: form.languages
            .split(/[\s,،、]+/)
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean),
        },
      }),
    );
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setAdded(result.data);
      setForm({ country: '', code: '', name: '', kind: 'central', languages: '' });
      reload();
    } else {
      setProblem(result.problem);
    }
  }

  return (
    <section>
      <ErrorSummary items={text.summary(problem, IDS)} />
      <h1>{t('admin.directory.title')}</h1>
      <p>{t('admin.directory.intro')}</p>
      {rows === null ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.directory.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.code')}</th>
                <th scope="col">{t('admin.col.name')}</th>
                <th scope="col">{t('admin.col.country')}</th>
                <th scope="col">{t('admin.col.kind')}</th>
                <th scope="col">{t('admin.col.languages')}</th>
                <th scope="col">{t('admin.col.hostedBy')}</th>
                <th scope="col">{t('admin.col.users')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <bdi>{a.code}</bdi>
                  </th>
                  <td>
                    <bdi>{a.name}</bdi>
                  </td>
                  <td>{a.country}</td>
                  <td>{dt(`admin.kind.${a.kind}`, a.kind)}</td>
                  <td>{a.languages.join(', ')}</td>
                  <td>{a.remote ? <bdi className="hash">{a.node}</bdi> : t('admin.directory.thisNode')}</td>
                  <td>
                    {a.remote ? (
                      t('admin.directory.remoteUsers')
                    ) : (
                      <Link to={`/admin/users?authority=${a.id}`}>
                        {t('admin.directory.usersOf', { code: a.code })}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('admin.directory.addTitle')}</h2>
      {added && (
        <p className="notice" role="status">
          {t('admin.directory.added', { code: added.code })}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="admin-form">
        <Field
          id={IDS.country}
          label={t('admin.directory.country')}
          hint={t('admin.directory.countryHint')}
          value={form.country}
          onChange={set('country')}
          errors={text.forField(problem, 'country')}
          isRequired
        />
        <Field
          id={IDS.code}
          label={t('admin.directory.code')}
          hint={t('admin.directory.codeHint')}
          value={form.code}
          onChange={set('code')}
          errors={text.forField(problem, 'code')}
          isRequired
        />
        <Field
          id={IDS.name}
          label={t('admin.directory.name')}
          value={form.name}
          onChange={set('name')}
          errors={text.forField(problem, 'name')}
          isRequired
        />
        <SelectField
          id={IDS.kind}
          label={t('admin.directory.kind')}
          value={form.kind}
          onChange={set('kind')}
          options={KINDS.map((k) => [k, t(`admin.kind.${k}`)])}
          errors={text.forField(problem, 'kind')}
        />
        <Field
          id={IDS.languages}
          label={t('admin.directory.languages')}
          hint={t('admin.directory.languagesHint')}
          value={form.languages}
          onChange={set('languages')}
          errors={text.forField(problem, 'languages')}
          isRequired
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin.directory.add')}
        </button>
      </form>
    </section>
  );
}
