// /audit/requests/:id — one request's history (GET /v1/requests/:id/history), each event with its hash and
// the signed checkpoint that covers it, receipts when it crossed nodes; "Verify" recomputes the hash chain
// on the server (GET /v1/audit/verify?requestId=) and states the result in words; "Download the export
// bundle" saves GET /v1/audit/export. A request the auditor may not see reads "Not found" (403 as 404).
import { useCallback, useEffect, useState } from 'react';
import { api, type AuditEvent, type RequestDetail, type Schemas } from '../../api/client';
import { toProblem, type ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Loading, NotFound } from '../../components/States';
import { useLabels } from '../../format';
import { useDynamicT, useT } from '../../i18n/t';
import { useParams } from 'react-router';
import { Actor, Transition } from './EventSearch';
import { useActionLabel } from './filters';
import {
  authorityName,
  fileNameOf,
  Hash,
  saveBlob,
  Time,
  useAuditTime,
  useDirectory,
  useProblemItems,
} from './shared';
import { VerificationResult, type Verification } from './Verification';

type Checkpoint = Schemas['CheckpointResponse'];

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'error'; problem: ApiProblem }
  | { kind: 'ready'; request: RequestDetail; events: AuditEvent[] };

/** The checkpoints covering these event ids: pages of the list, newest first, until the oldest is covered. */
async function coveringCheckpoints(events: AuditEvent[]): Promise<Checkpoint[]> {
  const lowest = events.reduce<bigint | null>(
    (m, e) => (m === null || BigInt(e.id) < m ? BigInt(e.id) : m),
    null,
  );
  const found: Checkpoint[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20 && lowest !== null; page++) {
    const { data } = await api.GET('/v1/audit/checkpoints', { params: { query: { limit: 200, cursor } } });
    found.push(...(data?.items ?? []));
    const oldest = found[found.length - 1];
    if (!data?.nextCursor || (oldest && BigInt(oldest.firstEventId) <= lowest)) {
      break;
    }
    cursor = data.nextCursor;
  }
  return found;
}

function checkpointOf(checkpoints: Checkpoint[], eventId: string): Checkpoint | undefined {
  const id = BigInt(eventId);
  return checkpoints.find((c) => BigInt(c.firstEventId) <= id && id <= BigInt(c.lastEventId));
}

export function RequestHistory() {
  const { id = '' } = useParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);

  const load = useCallback(async () => {
    const path = { params: { path: { id } } };
    const main = await api.GET('/v1/requests/{id}', path);
    if (!main.data) {
      const status = main.response.status;
      setState(
        status === 403 || status === 404 || status === 400
          ? { kind: 'missing' }
          : { kind: 'error', problem: toProblem(status, main.error) },
      );
      return;
    }
    const history = await api.GET('/v1/requests/{id}/history', path);
    if (!history.data) {
      setState({ kind: 'error', problem: toProblem(history.response.status, history.error) });
      return;
    }
    // Shown together: a checkpoint column filled in later would first say "not yet" of covered events.
    const covering = await coveringCheckpoints(history.data);
    setCheckpoints(covering);
    setState({ kind: 'ready', request: main.data, events: history.data });
  }, [id]);

  useEffect(() => {
    setState({ kind: 'loading' });
    void load();
  }, [load]);

  if (state.kind === 'loading') {
    return <Loading />;
  }
  if (state.kind === 'missing') {
    return <NotFound />;
  }
  if (state.kind === 'error') {
    return <Failure problem={state.problem} />;
  }
  return <HistoryView request={state.request} events={state.events} checkpoints={checkpoints} />;
}

function Failure({ problem }: { problem: ApiProblem }) {
  const t = useT();
  const items = useProblemItems();
  return (
    <section>
      <h1>{t('audit.history.failed')}</h1>
      <ErrorSummary items={items(problem)} />
    </section>
  );
}

function HistoryView({
  request: r,
  events,
  checkpoints,
}: {
  request: RequestDetail;
  events: AuditEvent[];
  checkpoints: Checkpoint[];
}) {
  const t = useT();
  const dt = useDynamicT();
  const labels = useLabels();
  const actionLabel = useActionLabel();
  const directory = useDirectory();
  const time = useAuditTime();
  const problemItems = useProblemItems();
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [downloaded, setDownloaded] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const withReceipts = events.some((e) => (e.envelopes ?? []).length > 0);
  const covered = events.filter((e) => checkpointOf(checkpoints, e.id)).length;

  useEffect(() => {
    document.title = `${t('audit.history.title', { reference: r.reference })} · ${t('app.name')}`;
  }, [r.reference, t]);

  async function verify() {
    setVerifying(true);
    setVerification(null);
    setProblem(null);
    const res = await api.GET('/v1/audit/verify', { params: { query: { requestId: r.id } } });
    setVerifying(false);
    if (res.data && 'requestId' in res.data) {
      setVerification({ kind: 'chain', result: res.data, covered, total: events.length });
    } else {
      setProblem(toProblem(res.response.status, res.error));
    }
  }

  async function exportBundle() {
    setProblem(null);
    setDownloaded('');
    let res: Response;
    try {
      res = await fetch(`/v1/audit/export?requestId=${encodeURIComponent(r.id)}`, {
        credentials: 'same-origin',
      });
    } catch {
      setProblem({ status: 0, code: 'NETWORK', message: '', fields: [] });
      return;
    }
    if (!res.ok) {
      setProblem(toProblem(res.status, await res.json().catch(() => null)));
      return;
    }
    const name = fileNameOf(res, `audit-${r.reference}.json`);
    saveBlob(name, new Blob([await res.text()], { type: 'application/json' }));
    setDownloaded(name);
  }

  return (
    <article>
      <h1>{t('audit.history.title', { reference: r.reference })}</h1>
      <ErrorSummary items={problemItems(problem)} />
      <dl className="summary-list">
        <div className="summary-row">
          <dt>{t('col.status')}</dt>
          <dd>{labels.status(r.status)}</dd>
        </div>
        <div className="summary-row">
          <dt>{t('request.channel')}</dt>
          <dd>{labels.channel(r.channel)}</dd>
        </div>
        <div className="summary-row">
          <dt>{t('request.requesting')}</dt>
          <dd>
            <bdi>{`${r.requestingAuthority.name} (${r.requestingAuthority.code})`}</bdi>
          </dd>
        </div>
        <div className="summary-row">
          <dt>{t('request.requested')}</dt>
          <dd>
            <bdi>{`${r.requestedAuthority.name} (${r.requestedAuthority.code})`}</bdi>
          </dd>
        </div>
        <div className="summary-row">
          <dt>{t('audit.history.events')}</dt>
          <dd>{t('audit.history.eventCount', { count: events.length, covered })}</dd>
        </div>
      </dl>

      <section aria-labelledby="audit-verify-title">
        <h2 id="audit-verify-title">{t('audit.verify.title')}</h2>
        <p>{t('audit.verify.intro')}</p>
        <button type="button" className="button" onClick={() => void verify()} disabled={verifying}>
          {t('audit.verify.button')}
        </button>
        <div role="status" aria-live="polite">
          {verifying && <p>{t('audit.verify.running')}</p>}
          {verification && <VerificationResult verification={verification} />}
        </div>
      </section>

      <section aria-labelledby="audit-export-title">
        <h2 id="audit-export-title">{t('audit.export.title')}</h2>
        <p>{t('audit.export.intro')}</p>
        <p>
          {t('audit.export.offline')}{' '}
          <code dir="ltr">node dist/cli.js verify-export {`audit-${r.reference}.json`}</code>
        </p>
        <button type="button" className="button secondary" onClick={() => void exportBundle()}>
          {t('audit.export.button')}
        </button>
        <p role="status" aria-live="polite">
          {downloaded && t('audit.export.done', { file: downloaded })}
        </p>
      </section>

      <section aria-labelledby="audit-history-title">
        <h2 id="audit-history-title">{t('audit.history.table')}</h2>
        {events.length === 0 ? (
          <p>{t('timeline.none')}</p>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="audit-history-title">
              <thead>
                <tr>
                  <th scope="col">{t('audit.col.seq')}</th>
                  <th scope="col">{t('audit.col.time')}</th>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.transition')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.hash')}</th>
                  <th scope="col">{t('audit.col.checkpoint')}</th>
                  {withReceipts && <th scope="col">{t('timeline.receipts')}</th>}
                </tr>
              </thead>
              <tbody>
                {events.map((e) => {
                  const cp = checkpointOf(checkpoints, e.id);
                  return (
                    <tr key={e.id}>
                      <th scope="row">{e.seq}</th>
                      <td>
                        <Time iso={e.occurredAt} />
                      </td>
                      <td>{actionLabel(r.channel, e.action)}</td>
                      <td>
                        <Transition from={e.fromStatus} to={e.toStatus} />
                      </td>
                      <td>
                        <Actor event={e} />
                        {e.actor.authorityId && (
                          <div className="muted">
                            <bdi>{authorityName(directory, e.actor.authorityId)}</bdi>
                          </div>
                        )}
                      </td>
                      <td>
                        <Hash value={e.hash} />
                      </td>
                      <td>
                        {cp ? t('audit.checkpoint.number', { seq: cp.seq }) : t('audit.checkpoint.notYet')}
                      </td>
                      {withReceipts && (
                        <td>
                          <ul className="audit-receipts">
                            {(e.envelopes ?? []).map((env) => (
                              <li key={env.envelopeId}>
                                {dt(`receipt.direction.${env.direction}`, env.direction, { peer: env.peer })}
                                <ul>
                                  {env.receipts.map((rc, i) => (
                                    <li key={i}>
                                      {t('receipt.line', {
                                        kind: dt(`receipt.${rc.kind}`, rc.kind),
                                        result: rc.code ? `${rc.result} (${rc.code})` : rc.result,
                                        at: time(rc.at),
                                      })}
                                    </li>
                                  ))}
                                </ul>
                              </li>
                            ))}
                          </ul>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
