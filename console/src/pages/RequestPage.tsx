// /requests/:id — the case: "<reference> — <status title>" as the first heading, the actions this user may
// take now (availableActions), the overview, legal clocks with their basis, the timeline (actor, time, hash,
// federation receipts), documents with SHA-256 and linked requests. 403 and 404 both read "not found".
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Attachment, type AuditEvent, type RequestDetail, type Timer } from '../api/client';
import { ActionDialog } from '../components/ActionDialog';
import { useAnswer } from '../components/answers';
import { FieldChoices } from '../components/SchemaForm';
import { Loading, NotFound, Urgency } from '../components/States';
import { useDates, useLabels } from '../format';
import { useDynamicT, useT } from '../i18n/t';
import { partyChoices, partyLabel, partyNames } from '../parties';
import { useWorkflows } from '../workflows';
import { isTeam, TeamSection, teamDefaults } from './TeamSection';
import { useLanguageName } from './wizard/AuthorityStep';
import { detailsSchemaOf, draftSchema, FIELD_STEPS } from './wizard/model';

interface CaseFile {
  request: RequestDetail;
  history: AuditEvent[];
  timers: Timer[];
  documents: Attachment[];
}

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'error'; status: number }
  | { kind: 'ready'; file: CaseFile };

interface FollowUp {
  id: string;
  reference: string;
  channel: string;
  status: string;
}

export function RequestPage() {
  const { id = '' } = useParams();
  const t = useT();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async () => {
    const path = { params: { path: { id } } };
    const main = await api.GET('/v1/requests/{id}', path);
    if (!main.data) {
      const status = main.response.status;
      setState(
        status === 403 || status === 404 || status === 400 ? { kind: 'missing' } : { kind: 'error', status },
      );
      return;
    }
    const [history, timers, documents] = await Promise.all([
      api.GET('/v1/requests/{id}/history', path),
      api.GET('/v1/requests/{id}/timers', path),
      api.GET('/v1/requests/{id}/attachments', path),
    ]);
    setState({
      kind: 'ready',
      file: {
        request: main.data,
        history: history.data ?? [],
        timers: timers.data ?? [],
        documents: documents.data ?? [],
      },
    });
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
    return (
      <div className="error-summary" role="alert">
        <h1>{t('errors.summaryTitle')}</h1>
        <p>{t('errors.generic', { code: String(state.status) })}</p>
      </div>
    );
  }
  return <CaseView file={state.file} announcement={announcement} reload={load} announce={setAnnouncement} />;
}

function CaseView({
  file,
  announcement,
  reload,
  announce,
}: {
  file: CaseFile;
  announcement: string;
  reload: () => Promise<void>;
  announce: (text: string) => void;
}) {
  const t = useT();
  const labels = useLabels();
  const { dateTime } = useDates();
  const r = file.request;
  const actions = r.availableActions ?? [];
  const followUps = (r.followUps ?? []) as FollowUp[];

  useEffect(() => {
    document.title = `${r.reference} — ${labels.status(r.status)} · ${t('app.name')}`;
  }, [r.reference, r.status, labels, t]);

  return (
    <article>
      <h1>
        {r.reference} — {labels.status(r.status)}
      </h1>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {announcement && <p className="notice">{announcement}</p>}
      {r.status === 'DRAFT' && r.side === 'requesting' && (
        <p>
          <Link to={`/new/${r.id}/check`}>{t('wizard.continueInWizard')}</Link>
        </p>
      )}

      <section aria-labelledby="actions-title" className="actions">
        <h2 id="actions-title">{t('request.actions')}</h2>
        {actions.length === 0 ? (
          <p>{t('request.noActions')}</p>
        ) : (
          // A field naming one of the request's parties (a member's, an activity's host) offers them by name.
          <FieldChoices.Provider value={partyChoices(r)}>
            <div className="action-buttons">
              {actions.map((a) => (
                <ActionDialog
                  key={a}
                  requestId={r.id}
                  channel={r.channel}
                  action={a}
                  version={r.version}
                  defaults={teamDefaults(r)}
                  onDone={() => {
                    void reload().then(() =>
                      announce(t('request.done', { action: labels.action(r.channel, a) })),
                    );
                  }}
                />
              ))}
            </div>
          </FieldChoices.Provider>
        )}
      </section>

      <section aria-labelledby="overview-title">
        <h2 id="overview-title">{t('request.overview')}</h2>
        <dl className="summary-list">
          <Row label={t('request.subject')} value={r.subject ?? ''} />
          <Row label={t('request.channel')} value={labels.channel(r.channel)} />
          <Row label={t('request.urgency')} value={<Urgency value={r.urgency} />} />
          <Row
            label={t('request.requesting')}
            value={`${r.requestingAuthority.name} (${r.requestingAuthority.code})`}
          />
          <Row
            label={t('request.requested')}
            value={`${r.requestedAuthority.name} (${r.requestedAuthority.code})`}
          />
          {(r.additionalParties ?? []).length > 0 && (
            <Row
              label={t('request.additionalParties')}
              value={
                <ul className="answer-list">
                  {(r.additionalParties ?? []).map((p) => (
                    <li key={p.id}>
                      <bdi>{partyLabel(p)}</bdi>
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Row
            label={t('request.yourSide')}
            value={t(r.side === 'requesting' ? 'side.requesting' : 'side.requested')}
          />
          <Row label={t('request.created')} value={dateTime(r.createdAt)} />
          {r.submittedAt && <Row label={t('request.submitted')} value={dateTime(r.submittedAt)} />}
          {r.deliveredAt && <Row label={t('request.delivered')} value={dateTime(r.deliveredAt)} />}
          {r.suggestedDeadline && (
            <Row label={t('request.suggestedDeadline')} value={dateTime(r.suggestedDeadline)} />
          )}
          {r.deadlineReason && <Row label={t('request.deadlineReason')} value={r.deadlineReason} />}
          <Row label={t('request.version')} value={String(r.version)} />
        </dl>
      </section>

      {isTeam(r) && <TeamSection request={r} />}
      <Contents request={r} />
      <Timers timers={file.timers} />
      <Timeline events={file.history} channel={r.channel} />
      <Documents documents={file.documents} />

      <section aria-labelledby="linked-title">
        <h2 id="linked-title">{t('linked.title')}</h2>
        {!r.followsUpRequestId && followUps.length === 0 && <p>{t('linked.none')}</p>}
        {r.followsUpRequestId && (
          <p>
            {t('linked.followsUp')}:{' '}
            <Link to={`/requests/${r.followsUpRequestId}`}>{r.followsUpRequestId}</Link>
          </p>
        )}
        {followUps.length > 0 && (
          <>
            <h3>{t('linked.followUps')}</h3>
            <ul>
              {followUps.map((f) => (
                <li key={f.id}>
                  <Link to={`/requests/${f.id}`}>{f.reference}</Link> — {labels.channel(f.channel)},{' '}
                  {labels.status(f.status)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </article>
  );
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd>{typeof value === 'string' ? <bdi>{value}</bdi> : value}</dd>
    </div>
  );
}

/** Why a clock is void, in the page's language (from its reasonCode; the API's English words as fallback). */
function useTimerReason(): (timer: Timer) => string | null {
  const dt = useDynamicT();
  const labels = useLabels();
  return (timer) => {
    if (!timer.reasonCode) {
      return timer.reason ?? null;
    }
    const { status, action } = timer.reasonParams;
    return dt(`timerReason.${timer.reasonCode}`, timer.reason ?? timer.reasonCode, {
      status: status ? labels.status(status) : '',
      action: action ? dt(`action.${action}`, action) : '',
    });
  };
}

/** What the request says: the fields every channel shares and the channel's own details, in words. */
function Contents({ request }: { request: RequestDetail }) {
  const t = useT();
  const workflows = useWorkflows();
  const languageName = useLanguageName();
  const { answer, fieldLabel, notGiven } = useAnswer({
    channel: request.channel,
    names: partyNames(request),
  });
  const common = draftSchema();
  const details = detailsSchemaOf(workflows?.find((w) => w.channel === request.channel));
  const record = request as unknown as Record<string, unknown>;
  const fields = [...FIELD_STEPS.case, ...FIELD_STEPS.assistance].filter((f) => common.properties?.[f]);
  return (
    <section aria-labelledby="contents-title">
      <h2 id="contents-title">{t('request.contents')}</h2>
      <dl className="summary-list">
        <Row
          label={t('wizard.authority.language')}
          value={request.language ? languageName(request.language) : notGiven}
        />
        {fields.map((f) => (
          <Row key={f} label={fieldLabel(f)} value={answer(common.properties?.[f] ?? {}, record[f])} />
        ))}
        {Object.entries(details?.properties ?? {}).map(([f, schema]) => (
          <Row key={`details.${f}`} label={fieldLabel(f)} value={answer(schema, request.details[f])} />
        ))}
      </dl>
    </section>
  );
}

function Timers({ timers }: { timers: Timer[] }) {
  const t = useT();
  const dt = useDynamicT();
  const reasonOf = useTimerReason();
  const { dateTime } = useDates();
  return (
    <section aria-labelledby="timers-title">
      <h2 id="timers-title">{t('timers.title')}</h2>
      {timers.length === 0 ? (
        <p>{t('timers.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('timers.clock')}</th>
                <th scope="col">{t('timers.basis')}</th>
                <th scope="col">{t('timers.due')}</th>
                <th scope="col">{t('timers.status')}</th>
              </tr>
            </thead>
            <tbody>
              {timers.map((timer) => (
                <tr key={timer.id}>
                  <th scope="row">{dt(`timerLabel.${timer.label}`, timer.label)}</th>
                  <td>{dt(`timerBasis.${timer.basis}`, timer.basis)}</td>
                  <td>
                    <time dateTime={timer.dueAt}>{dateTime(timer.dueAt)}</time>
                  </td>
                  <td>
                    {dt(`timer.${timer.status}`, timer.status)}
                    {reasonOf(timer) && <div className="muted">{reasonOf(timer)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Timeline({ events, channel }: { events: AuditEvent[]; channel: string }) {
  const t = useT();
  const dt = useDynamicT();
  const labels = useLabels();
  const { dateTime } = useDates();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {events.length === 0 ? (
        <p>{t('timeline.none')}</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id} className="timeline-event">
              <h3>
                {labels.action(channel, e.action)}
                {e.fromStatus && e.fromStatus !== e.toStatus && (
                  <span className="muted">
                    {' '}
                    (
                    {t('timeline.transition', {
                      from: labels.status(e.fromStatus),
                      to: labels.status(e.toStatus),
                    })}
                    )
                  </span>
                )}
              </h3>
              <dl className="event-meta">
                <div>
                  <dt>{t('timeline.actor')}</dt>
                  <dd>
                    {e.actor.type === 'system'
                      ? t('timeline.system')
                      : (e.actor.name ?? e.actor.userId ?? '')}
                  </dd>
                </div>
                <div>
                  <dt>{t('timeline.time')}</dt>
                  <dd>
                    <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('timeline.hash')}</dt>
                  <dd>
                    <code className="hash">{e.hash}</code>
                  </dd>
                </div>
              </dl>
              {(e.envelopes ?? []).length > 0 && (
                <div className="receipts">
                  <h4>{t('timeline.receipts')}</h4>
                  <ul>
                    {(e.envelopes ?? []).map((env) => (
                      <li key={env.envelopeId}>
                        {dt(`receipt.direction.${env.direction}`, env.direction, { peer: env.peer })}
                        <ul>
                          {env.receipts.map((rc, i) => (
                            <li key={i}>
                              {t('receipt.line', {
                                kind: dt(`receipt.${rc.kind}`, rc.kind),
                                result: rc.code ? `${rc.result} (${rc.code})` : rc.result,
                                at: dateTime(rc.at),
                              })}
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Documents({ documents }: { documents: Attachment[] }) {
  const t = useT();
  const dt = useDynamicT();
  const { dateTime } = useDates();
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      {documents.length === 0 ? (
        <p>{t('documents.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('documents.name')}</th>
                <th scope="col">{t('documents.kind')}</th>
                <th scope="col">{t('documents.size')}</th>
                <th scope="col">{t('documents.sha256')}</th>
                <th scope="col">{t('documents.addedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <a href={`/v1/requests/${d.requestId}/attachments/${d.id}`} download={d.filename}>
                      {d.filename}
                    </a>
                    {d.description && <div className="muted">{d.description}</div>}
                  </th>
                  <td>{dt(`docKind.${d.kind}`, d.kind)}</td>
                  <td>{t('common.bytes', { size: d.size })}</td>
                  <td>
                    <code className="hash">{d.sha256}</code>
                  </td>
                  <td>
                    {t(d.addedBy === 'requesting' ? 'side.requesting' : 'side.requested')}
                    <div className="muted">{dateTime(d.createdAt)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
