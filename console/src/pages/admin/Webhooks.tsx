// /admin/webhooks: the signed-in authority's webhooks (the API keeps them to an authority's officers and
// approvers; an operator admin is told so), "Add webhook" (its signing secret shown once), "Delete", and
// each webhook's deliveries with their attempts.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Loading } from '../../components/States';
import { useDates, useLabels } from '../../format';
import { useDynamicT, useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { call, type Delivery, type Webhook } from './call';
import { IssuedToken } from './IssuedToken';
import { localProblem, useProblemText } from './problems';

const IDS = { url: 'webhook-url', description: 'webhook-description' };

function Deliveries({ hook }: { hook: Webhook }) {
  const t = useT();
  const dt = useDynamicT();
  const labels = useLabels();
  const { dateTime } = useDates();
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const load = useCallback(() => {
    setRows(null);
    void call(
      api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id }, query: { limit: 50 } } }),
    ).then((r) => setRows(r.ok ? r.data.items : []));
  }, [hook.id]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('admin.webhooks.deliveriesOf', { url: hook.url })}</h2>
      <button type="button" className="button secondary" onClick={load}>
        {t('admin.webhooks.refresh')}
      </button>
      {rows === null ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('admin.webhooks.noDeliveries')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.webhooks.deliveriesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.event')}</th>
                <th scope="col">{t('admin.col.state')}</th>
                <th scope="col">{t('admin.col.attempts')}</th>
                <th scope="col">{t('admin.col.lastAttempt')}</th>
                <th scope="col">{t('admin.col.nextRetry')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const last = d.attemptLog.at(-1);
                return (
                  <tr key={d.id}>
                    <th scope="row">
                      {dt(`action.${d.action}`, d.action)}
                      <div className="muted">
                        <time dateTime={d.createdAt}>{dateTime(d.createdAt)}</time>
                      </div>
                    </th>
                    <td>{dt(`admin.delivery.${d.status}`, labels.status(d.status))}</td>
                    <td>{d.attempts}</td>
                    <td>
                      {last ? (
                        <>
                          <time dateTime={last.at}>{dateTime(last.at)}</time>
                          <div className="muted">
                            {typeof last.statusCode === 'number'
                              ? t('admin.webhooks.answered', { code: last.statusCode })
                              : (last.error ?? '')}
                          </div>
                        </>
                      ) : (
                        t('admin.webhooks.notYet')
                      )}
                    </td>
                    <td>
                      {d.nextAttemptAt ? (
                        <time dateTime={d.nextAttemptAt}>{dateTime(d.nextAttemptAt)}</time>
                      ) : (
                        t('admin.webhooks.noRetry')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Webhooks() {
  const t = useT();
  const text = useProblemText();
  const { dateTime } = useDates();
  const { user } = useSignedIn();
  const mayWrite = user.roles.includes('officer') || user.roles.includes('approver');
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [shown, setShown] = useState<Webhook | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [form, setForm] = useState({ url: '', description: '' });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    void call(api.GET('/v1/webhooks')).then((r) => setHooks(r.ok ? r.data.filter((h) => !h.disabledAt) : []));
  }, []);
  useEffect(() => {
    if (user.authorityId) {
      load();
    }
  }, [load, user.authorityId]);

  if (!user.authorityId) {
    return (
      <section>
        <h1>{t('admin.webhooks.title')}</h1>
        <p>{t('admin.webhooks.operatorNote')}</p>
      </section>
    );
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    const missing = localProblem(
      form.url.trim() ? [] : [{ field: 'url', message: t('admin.webhooks.required') }],
    );
    if (missing) {
      setProblem(missing);
      return;
    }
    setBusy(true);
    const description = form.description.trim();
    const result = await call(
      api.POST('/v1/webhooks', { body: { url: form.url.trim(), ...(description ? { description } : {}) } }),
    );
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setSecret({ name: result.data.url, token: result.data.secret });
    setForm({ url: '', description: '' });
    load();
  }

  async function remove(hook: Webhook) {
    const result = await call(api.DELETE('/v1/webhooks/{id}', { params: { path: { id: hook.id } } }));
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    if (shown?.id === hook.id) {
      setShown(null);
    }
    load();
  }

  return (
    <section>
      <ErrorSummary items={text.summary(problem, IDS)} />
      <h1>{t('admin.webhooks.title')}</h1>
      <p>{t('admin.webhooks.intro', { authority: user.authority?.name ?? '' })}</p>
      {secret && <IssuedToken {...secret} secret onDone={() => setSecret(null)} />}
      {hooks === null ? (
        <Loading />
      ) : hooks.length === 0 ? (
        <p>{t('admin.webhooks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.webhooks.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.address')}</th>
                <th scope="col">{t('admin.col.description')}</th>
                <th scope="col">{t('admin.col.added')}</th>
                <th scope="col">{t('admin.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr key={h.id}>
                  <th scope="row">
                    <bdi className="hash">{h.url}</bdi>
                  </th>
                  <td>
                    <bdi>{h.description ?? ''}</bdi>
                  </td>
                  <td>
                    <time dateTime={h.createdAt}>{dateTime(h.createdAt)}</time>
                  </td>
                  <td className="action-buttons admin-row-actions">
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={t('admin.webhooks.showFor', { url: h.url })}
                      onClick={() => setShown(h)}
                    >
                      {t('admin.webhooks.show')}
                    </button>
                    {mayWrite && (
                      <button
                        type="button"
                        className="button secondary"
                        aria-label={t('admin.webhooks.deleteFor', { url: h.url })}
                        onClick={() => void remove(h)}
                      >
                        {t('admin.webhooks.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && <Deliveries key={shown.id} hook={shown} />}
      {mayWrite && (
        <>
          <h2>{t('admin.webhooks.addTitle')}</h2>
          <form onSubmit={(e) => void add(e)} noValidate className="admin-form">
            <Field
              id={IDS.url}
              label={t('admin.webhooks.url')}
              hint={t('admin.webhooks.urlHint')}
              value={form.url}
              onChange={(v) => setForm((f) => ({ ...f, url: v }))}
              errors={text.forField(problem, 'url')}
              isRequired
            />
            <Field
              id={IDS.description}
              label={t('admin.webhooks.description')}
              value={form.description}
              onChange={(v) => setForm((f) => ({ ...f, description: v }))}
              errors={text.forField(problem, 'description')}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('admin.webhooks.add')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
