// /audit/checkpoints/:seq — one signed checkpoint: its range of events, Merkle root, link to the previous
// checkpoint, key and signature, the exact statement signed (from the list, which carries it) and the
// cosignatures of peer nodes (GET /v1/audit/checkpoints/:seq). An unknown number reads "Not found".
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Loading, NotFound } from '../../components/States';
import { useT } from '../../i18n/t';
import { Hash, Time, useProblemItems } from './shared';

type Checkpoint = Schemas['CheckpointResponse'];

interface Cosignature {
  cosigner: string;
  signerKid: string | null;
  signature: string;
  at: string | null;
}

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'error'; problem: ApiProblem }
  | { kind: 'ready'; checkpoint: Checkpoint; cosignatures: Cosignature[] };

function cosignaturesOf(body: unknown): Cosignature[] {
  const list = (body as { cosignatures?: unknown } | null)?.cosignatures;
  return Array.isArray(list) ? (list as Cosignature[]) : [];
}

export function CheckpointDetail() {
  const { seq = '' } = useParams();
  const t = useT();
  const problemItems = useProblemItems();
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    const n = Number(seq);
    if (!/^[1-9]\d{0,9}$/.test(seq)) {
      setState({ kind: 'missing' });
      return;
    }
    setState({ kind: 'loading' });
    void Promise.all([
      api.GET('/v1/audit/checkpoints/{seq}', { params: { path: { seq: n } } }),
      api.GET('/v1/audit/checkpoints', { params: { query: { cursor: String(n + 1), limit: 1 } } }),
    ]).then(([detail, listed]) => {
      if (!live) {
        return;
      }
      const checkpoint = listed.data?.items[0];
      if (detail.response.status === 404 || (listed.data && checkpoint?.seq !== n)) {
        setState({ kind: 'missing' });
      } else if (!detail.data || !checkpoint) {
        const failed = detail.data ? listed : detail;
        setState({ kind: 'error', problem: toProblem(failed.response.status, failed.error) });
      } else {
        setState({ kind: 'ready', checkpoint, cosignatures: cosignaturesOf(detail.data) });
      }
    });
    return () => {
      live = false;
    };
  }, [seq]);

  if (state.kind === 'loading') {
    return <Loading />;
  }
  if (state.kind === 'missing') {
    return <NotFound />;
  }
  if (state.kind === 'error') {
    return (
      <section>
        <h1>{t('audit.checkpoint.title', { seq })}</h1>
        <ErrorSummary items={problemItems(state.problem)} />
      </section>
    );
  }
  const c = state.checkpoint;
  const row = (label: string, value: React.ReactNode) => (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <article>
      <h1>{t('audit.checkpoint.title', { seq: c.seq })}</h1>
      <p>
        <Link to="/audit/checkpoints">{t('audit.checkpoint.back')}</Link>
      </p>
      <dl className="summary-list">
        {row(t('audit.col.created'), <Time iso={c.createdAt} />)}
        {row(t('audit.col.events'), t('audit.number', { n: c.treeSize }))}
        {row(
          t('audit.col.range'),
          <bdi>{t('audit.checkpoint.range', { first: c.firstEventId, last: c.lastEventId })}</bdi>,
        )}
        {row(t('audit.col.root'), <code className="hash">{c.rootHash}</code>)}
        {row(
          t('audit.checkpoint.previous'),
          c.prevHash ? <code className="hash">{c.prevHash}</code> : t('audit.checkpoint.first'),
        )}
        {row(t('audit.checkpoint.hash'), <code className="hash">{c.hash}</code>)}
        {row(t('audit.key.id'), <code className="hash">{c.keyId}</code>)}
        {row(t('audit.col.signature'), <code className="hash">{c.signature}</code>)}
      </dl>
      <h2>{t('audit.checkpoint.statement')}</h2>
      <p>{t('audit.checkpoint.statementHint')}</p>
      <pre className="audit-pre" dir="ltr">
        {c.statement}
      </pre>
      <h2 id="audit-cosignatures">{t('audit.cosign.title')}</h2>
      {state.cosignatures.length === 0 ? (
        <p>{t('audit.cosign.none')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="audit-cosignatures">
            <thead>
              <tr>
                <th scope="col">{t('audit.cosign.node')}</th>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.key.id')}</th>
                <th scope="col">{t('audit.col.signature')}</th>
              </tr>
            </thead>
            <tbody>
              {state.cosignatures.map((s) => (
                <tr key={`${s.cosigner}-${s.signature}`}>
                  <th scope="row">
                    <bdi>{s.cosigner}</bdi>
                  </th>
                  <td>{s.at ? <Time iso={s.at} /> : '—'}</td>
                  <td>
                    <Hash value={s.signerKid} />
                  </td>
                  <td>
                    <Hash value={s.signature} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
