// /admin/peers: federation peers with their status and fingerprint. "Add peer" fetches a node's document by
// its origin and shows the fingerprint it presents; the peer then waits for a second admin, who pins it by
// typing the fingerprint received through an official channel (four eyes: the admin who added it may not).
// Suspend and resume.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { api } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Loading } from '../../components/States';
import { useDates } from '../../format';
import { useDynamicT, useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { call, type Peer } from './call';
import { localProblem, useProblemText } from './problems';

/** The fingerprint in groups of four, as it is read aloud or compared on paper. */
function grouped(fingerprint: string): string {
  return fingerprint
    .replace(/[^0-9a-fA-F]/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

function PeerCard({
  peer,
  me,
  onChanged,
}: {
  peer: Peer;
  me: string;
  onChanged: (peer: Peer | null, problem: ApiProblem | null, fieldId?: string) => void;
}) {
  const t = useT();
  const dt = useDynamicT();
  const text = useProblemText();
  const { dateTime } = useDates();
  const intl = useIntl();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const fieldId = `confirm-${peer.id}`;
  // Name and time each isolated, so that a Latin name beside an Arabic date keeps its order.
  const byOn = (name: string, at: string) =>
    intl.formatMessage(
      { id: 'admin.peers.byOn' },
      {
        name: <bdi key="name">{name}</bdi>,
        when: (
          <time key="when" dateTime={at}>
            {dateTime(at)}
          </time>
        ),
      },
    );

  function done(result: { ok: true; data: Peer } | { ok: false; problem: ApiProblem }) {
    if (result.ok) {
      setProblem(null);
      onChanged(result.data, null);
    } else {
      setProblem(result.problem);
      onChanged(null, result.problem, fieldId);
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    if (!typed.trim()) {
      const local = localProblem([{ field: 'fingerprint', message: t('admin.peers.fingerprintRequired') }]);
      setProblem(local);
      onChanged(null, local, fieldId);
      return;
    }
    done(
      await call(
        api.POST('/v1/federation/peers/{id}/confirm', {
          params: { path: { id: peer.id } },
          body: { fingerprint: typed },
        }),
      ),
    );
  }

  // The four-eyes refusal belongs next to the field too, where the admin is looking.
  const fieldErrors =
    problem?.code === 'FOUR_EYES_REQUIRED' ? [text.sentence(problem)] : text.forField(problem, 'fingerprint');
  const addedByMe = peer.addedBy.id === me;
  return (
    <li className="admin-peer">
      <h3>
        <bdi className="hash">{peer.origin}</bdi>
      </h3>
      <dl className="summary-list">
        <div className="summary-row">
          <dt>{t('admin.col.state')}</dt>
          <dd>
            <strong className={`peer-status peer-${peer.status}`}>
              {dt(`admin.peers.status.${peer.status}`, peer.status)}
            </strong>
          </dd>
        </div>
        <div className="summary-row">
          <dt>{t('admin.col.country')}</dt>
          <dd>{peer.country}</dd>
        </div>
        <div className="summary-row">
          <dt>{t('admin.peers.fingerprint')}</dt>
          <dd className="hash">{grouped(peer.fingerprint)}</dd>
        </div>
        <div className="summary-row">
          <dt>{t('admin.peers.addedBy')}</dt>
          <dd>{byOn(peer.addedBy.name, peer.addedAt)}</dd>
        </div>
        {peer.confirmedBy && peer.confirmedAt && (
          <div className="summary-row">
            <dt>{t('admin.peers.confirmedBy')}</dt>
            <dd>{byOn(peer.confirmedBy.name, peer.confirmedAt)}</dd>
          </div>
        )}
        <div className="summary-row">
          <dt>{t('admin.peers.authorities')}</dt>
          <dd>{peer.authorities.map((a) => `${a.name} (${a.code})`).join('; ') || '—'}</dd>
        </div>
      </dl>
      {peer.status === 'PENDING_CONFIRMATION' && (
        <form onSubmit={(e) => void confirm(e)} noValidate className="admin-form peer-confirm">
          <p>{addedByMe ? t('admin.peers.waitingOther') : t('admin.peers.waitingYou')}</p>
          <Field
            id={fieldId}
            label={t('admin.peers.typeFingerprint', { origin: peer.origin })}
            hint={t('admin.peers.typeFingerprintHint')}
            value={typed}
            onChange={setTyped}
            errors={fieldErrors}
            autoComplete="off"
            isRequired
          />
          <button type="submit" className="button">
            {t('common.confirm')}
          </button>
        </form>
      )}
      <div className="action-buttons">
        {peer.status === 'SUSPENDED' ? (
          <button
            type="button"
            className="button secondary"
            aria-label={t('admin.peers.resumeFor', { origin: peer.origin })}
            onClick={() =>
              void call(
                api.POST('/v1/federation/peers/{id}/resume', { params: { path: { id: peer.id } } }),
              ).then(done)
            }
          >
            {t('admin.peers.resume')}
          </button>
        ) : (
          <button
            type="button"
            className="button secondary"
            aria-label={t('admin.peers.suspendFor', { origin: peer.origin })}
            onClick={() =>
              void call(
                api.POST('/v1/federation/peers/{id}/suspend', {
                  params: { path: { id: peer.id } },
                  body: {},
                }),
              ).then(done)
            }
          >
            {t('admin.peers.suspend')}
          </button>
        )}
      </div>
    </li>
  );
}

export function Peers() {
  const t = useT();
  const text = useProblemText();
  const { user } = useSignedIn();
  const [peers, setPeers] = useState<Peer[] | null>(null);
  const [origin, setOrigin] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [added, setAdded] = useState<Peer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    void call(api.GET('/v1/federation/peers')).then((r) => setPeers(r.ok ? r.data : []));
  }, []);
  useEffect(load, [load]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    setNotice(null);
    const local = localProblem(
      origin.trim() ? [] : [{ field: 'origin', message: t('admin.peers.originRequired') }],
    );
    const result = local
      ? ({ ok: false, problem: local } as const)
      : await (async () => {
          setBusy(true);
          const r = await call(api.POST('/v1/federation/peers', { body: { origin: origin.trim() } }));
          setBusy(false);
          return r;
        })();
    if (!result.ok) {
      setProblem(result.problem);
      setSummary(text.summary(result.problem, { origin: 'peer-origin' }));
      return;
    }
    setProblem(null);
    setSummary([]);
    setAdded(result.data);
    setOrigin('');
    load();
  }

  function changed(peer: Peer | null, p: ApiProblem | null, fieldId?: string) {
    if (peer) {
      setSummary([]);
      setNotice(t(`admin.peers.now.${peer.status}` as 'admin.peers.now.PINNED', { origin: peer.origin }));
      load();
    } else if (p) {
      setNotice(null);
      setSummary(
        text
          .summary(p, { fingerprint: fieldId ?? '' })
          .map((item) =>
            p.code === 'FOUR_EYES_REQUIRED' ? { target: fieldId, text: text.sentence(p) } : item,
          ),
      );
    }
  }

  return (
    <section>
      <ErrorSummary items={summary} />
      <h1>{t('admin.peers.title')}</h1>
      <p>{t('admin.peers.intro')}</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {peers === null ? (
        <Loading />
      ) : peers.length === 0 ? (
        <p>{t('admin.peers.empty')}</p>
      ) : (
        <ul className="admin-peers">
          {peers.map((p) => (
            <PeerCard key={p.id} peer={p} me={user.id} onChanged={changed} />
          ))}
        </ul>
      )}
      <h2>{t('admin.peers.addTitle')}</h2>
      {added && (
        <div className="notice" role="status">
          <p>{t('admin.peers.added', { origin: added.origin })}</p>
          <p>
            {t('admin.peers.presented')} <span className="hash">{grouped(added.fingerprint)}</span>
          </p>
        </div>
      )}
      <form onSubmit={(e) => void add(e)} noValidate className="admin-form">
        <Field
          id="peer-origin"
          label={t('admin.peers.origin')}
          hint={t('admin.peers.originHint')}
          value={origin}
          onChange={setOrigin}
          errors={text.forField(problem, 'origin')}
          isRequired
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin.peers.add')}
        </button>
      </form>
    </section>
  );
}
