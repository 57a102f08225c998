// /audit/checkpoints — the signed checkpoints, newest first (GET /v1/audit/checkpoints), with the public key
// that signs them; "Create a checkpoint now" (POST) over the events none covers yet; "Verify the whole
// log" (GET /v1/audit/verify without a request): every chain, every checkpoint's link, signature and root.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Loading } from '../../components/States';
import { useT } from '../../i18n/t';
import { Hash, Time, useProblemItems } from './shared';
import { VerificationResult, type Verification } from './Verification';

type Page = Schemas['CheckpointPageResponse'];

export function Checkpoints() {
  const t = useT();
  const problemItems = useProblemItems();
  const [page, setPage] = useState<Page | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState('');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const load = useCallback(async () => {
    const res = await api.GET('/v1/audit/checkpoints', { params: { query: { limit: 50 } } });
    if (res.data) {
      setPage(res.data);
    } else {
      setProblem(toProblem(res.response.status, res.error));
      setPage({ publicKey: { algorithm: 'Ed25519', keyId: '', pem: '' }, items: [], nextCursor: null });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function loadMore() {
    if (!page?.nextCursor) {
      return;
    }
    setBusy(true);
    const res = await api.GET('/v1/audit/checkpoints', {
      params: { query: { limit: 50, cursor: page.nextCursor } },
    });
    setBusy(false);
    if (res.data) {
      const more = res.data;
      setPage((p) => (p ? { ...p, items: [...p.items, ...more.items], nextCursor: more.nextCursor } : more));
    } else {
      setProblem(toProblem(res.response.status, res.error));
    }
  }

  async function create() {
    setBusy(true);
    setCreated('');
    setProblem(null);
    const res = await api.POST('/v1/audit/checkpoints');
    setBusy(false);
    if (!res.data) {
      setProblem(toProblem(res.response.status, res.error));
      return;
    }
    const made = res.data.created;
    const last = made[made.length - 1];
    setCreated(
      last
        ? t('audit.checkpoints.created', {
            count: made.length,
            seq: last.seq,
            events: made.reduce((n, c) => n + c.treeSize, 0),
          })
        : t('audit.checkpoints.nothingNew', { seq: res.data.latest?.seq ?? 0 }),
    );
    await load();
  }

  async function verifyAll() {
    setVerifying(true);
    setVerification(null);
    setProblem(null);
    const res = await api.GET('/v1/audit/verify', { params: { query: {} } });
    setVerifying(false);
    if (res.data && !('requestId' in res.data)) {
      setVerification({ kind: 'log', result: res.data });
    } else {
      setProblem(toProblem(res.response.status, res.error));
    }
  }

  return (
    <section>
      <h1>{t('audit.checkpoints.title')}</h1>
      <ErrorSummary items={problemItems(problem)} />
      <p>{t('audit.checkpoints.intro')}</p>
      <div className="audit-buttons">
        <button type="button" className="button" onClick={() => void create()} disabled={busy}>
          {t('audit.checkpoints.create')}
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => void verifyAll()}
          disabled={verifying}
        >
          {t('audit.verify.all')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {created && <p className="notice">{created}</p>}
        {verifying && <p>{t('audit.verify.running')}</p>}
        {verification && <VerificationResult verification={verification} />}
      </div>

      {page === null ? (
        <Loading />
      ) : (
        <>
          <h2 id="audit-checkpoints-list">{t('audit.checkpoints.list')}</h2>
          {page.items.length === 0 ? (
            <p>{t('audit.checkpoints.none')}</p>
          ) : (
            <div className="table-wrap">
              <table aria-labelledby="audit-checkpoints-list">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.col.checkpoint')}</th>
                    <th scope="col">{t('audit.col.created')}</th>
                    <th scope="col">{t('audit.col.events')}</th>
                    <th scope="col">{t('audit.col.range')}</th>
                    <th scope="col">{t('audit.col.root')}</th>
                    <th scope="col">{t('audit.col.signature')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.seq}>
                      <th scope="row">
                        <Link to={`/audit/checkpoints/${c.seq}`}>
                          {t('audit.checkpoint.number', { seq: c.seq })}
                        </Link>
                      </th>
                      <td>
                        <Time iso={c.createdAt} />
                      </td>
                      <td>{t('audit.number', { n: c.treeSize })}</td>
                      <td>
                        <bdi>
                          {t('audit.checkpoint.range', { first: c.firstEventId, last: c.lastEventId })}
                        </bdi>
                      </td>
                      <td>
                        <Hash value={c.rootHash} />
                      </td>
                      <td>
                        <Hash value={c.signature} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {page.nextCursor && (
            <button
              type="button"
              className="button secondary"
              onClick={() => void loadMore()}
              disabled={busy}
            >
              {t('common.loadMore')}
            </button>
          )}
          <h2>{t('audit.key.title')}</h2>
          <dl className="summary-list">
            <div className="summary-row">
              <dt>{t('audit.key.algorithm')}</dt>
              <dd>{page.publicKey.algorithm}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('audit.key.id')}</dt>
              <dd>
                <code className="hash">{page.publicKey.keyId}</code>
              </dd>
            </div>
            <div className="summary-row">
              <dt>{t('audit.key.pem')}</dt>
              <dd>
                <pre className="audit-pre" dir="ltr">
                  {page.publicKey.pem}
                </pre>
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
