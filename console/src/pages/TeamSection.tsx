// The case page's account of a joint investigation team (UNCC art. 48), from the case file (caseData): every
// party with its standing in words (each acts for itself), the terms under negotiation with their version
// (what "Sign agreement" signs) or the signed agreement, the signatures, the period and its end, a proposed
// extension with who agreed, agreed extensions, the activities with their host party, and the evaluations.
import { useIntl } from 'react-intl';
import type { RequestDetail } from '../api/client';
import { useAnswer } from '../components/answers';
import { payloadSchema } from '../components/SchemaForm';
import { useDates } from '../format';
import { useDynamicT, useT } from '../i18n/t';
import { partyLabel, partyNames, requestParties } from '../parties';
import { useSignedIn } from '../session-context';

interface Signature {
  authorityId: string;
  signatory?: string;
  signedAt: string;
}
interface Extension {
  newEndDate: string;
  reasons: string;
  proposedBy: string;
  agreedBy: string[];
}
interface TeamFile {
  parties?: Record<string, { status: string; since: string; reasons?: string }>;
  agreementDraft?: {
    version: number;
    terms: Record<string, unknown>;
    proposedBy: string;
    proposedAt: string;
  };
  signatures?: Signature[];
  agreement?: { version: number; terms: Record<string, unknown>; signatures: Signature[]; signedAt: string };
  startedAt?: string;
  endDate?: string;
  pendingExtension?: Extension;
  extensions?: Extension[];
  activities?: {
    kind: string;
    hostAuthorityId: string;
    date: string;
    summary: string;
    hostAuthorisation?: string;
  }[];
  ended?: { at: string; reason: string; reasons?: string };
  evaluations?: { authorityId: string; assessment: string; lessons?: string; at: string }[];
}

/** Whether the request's case file is a team's (it keeps each party's standing). */
export function isTeam(r: RequestDetail): boolean {
  return typeof r.caseData.parties === 'object' && r.caseData.parties !== null;
}

/** What an action's fields start with: a signature is given to the current version of the terms. */
export function teamDefaults(r: RequestDetail): Record<string, unknown> {
  const draft = (r.caseData as TeamFile).agreementDraft;
  return draft ? { termsVersion: draft.version } : {};
}

export function TeamSection({ request }: { request: RequestDetail }) {
  const t = useT();
  const dt = useDynamicT();
  const session = useSignedIn();
  const { date, dateTime } = useDates();
  const intl = useIntl();
  // The period's days are plain dates (2027-07-15): shown as that day wherever the reader is.
  const day = (d: string) => intl.formatDate(d, { dateStyle: 'medium', timeZone: 'UTC' });
  const names = partyNames(request);
  const { answer, fieldLabel } = useAnswer({ channel: request.channel, names });
  const file = request.caseData as TeamFile;
  const nameOf = (id: string) => names[id] ?? id;
  const termsSchema = payloadSchema('JitTermsDto') ?? {};
  const current = file.agreement ?? file.agreementDraft;
  const signatures = file.agreement?.signatures ?? file.signatures ?? [];
  const inTeam = requestParties(request).filter((p) =>
    ['invited', 'negotiating', 'signed'].includes(file.parties?.[p.id]?.status ?? 'invited'),
  );
  const unsigned = inTeam.filter((p) => !signatures.some((s) => s.authorityId === p.id));
  const awaited = file.pendingExtension
    ? inTeam.filter((p) => !file.pendingExtension?.agreedBy.includes(p.id))
    : [];
  const list = (ids: string[]) => intl.formatList(ids.map(nameOf), { type: 'conjunction' });

  return (
    <section aria-labelledby="team-title">
      <h2 id="team-title">{t('jit.title')}</h2>

      <h3>{t('jit.parties')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('jit.col.party')}</th>
              <th scope="col">{t('jit.col.role')}</th>
              <th scope="col">{t('jit.col.standing')}</th>
            </tr>
          </thead>
          <tbody>
            {requestParties(request).map((p, i) => {
              const record = file.parties?.[p.id];
              const standing = dt(`jit.standing.${record?.status ?? 'invited'}`, record?.status ?? '');
              return (
                <tr key={p.id}>
                  <th scope="row">
                    <bdi>
                      {p.id === session.user.authorityId
                        ? t('jit.you', { name: partyLabel(p) })
                        : partyLabel(p)}
                    </bdi>
                  </th>
                  <td>{i === 0 ? t('jit.role.proposer') : t('jit.role.invited')}</td>
                  <td>
                    {record ? t('jit.standingSince', { standing, date: date(record.since) }) : standing}
                    {record?.reasons && (
                      <div className="muted">
                        <bdi>{t('jit.reasons', { reasons: record.reasons })}</bdi>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h3>{file.agreement ? t('jit.agreement') : t('jit.terms')}</h3>
      {current ? (
        <dl className="summary-list">
          <div className="summary-row">
            <dt>{t('field.termsVersion')}</dt>
            <dd id="jit-terms-version">{current.version}</dd>
          </div>
          {file.agreementDraft && (
            <div className="summary-row">
              <dt>{t('jit.proposedBy')}</dt>
              <dd>
                <bdi>
                  {t('jit.pair', {
                    first: nameOf(file.agreementDraft.proposedBy),
                    second: dateTime(file.agreementDraft.proposedAt),
                  })}
                </bdi>
              </dd>
            </div>
          )}
          {Object.entries(termsSchema.properties ?? {}).map(([f, s]) => (
            <div className="summary-row" key={f}>
              <dt>{fieldLabel(f)}</dt>
              <dd>{answer(s, current.terms[f])}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{t('jit.noTerms')}</p>
      )}

      <h3>{t('jit.signatures')}</h3>
      {signatures.length === 0 ? (
        <p>{t('jit.noSignatures')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('jit.col.party')}</th>
                <th scope="col">{t('field.signatory')}</th>
                <th scope="col">{t('jit.signedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {signatures.map((s) => (
                <tr key={s.authorityId}>
                  <th scope="row">
                    <bdi>{nameOf(s.authorityId)}</bdi>
                  </th>
                  <td>
                    <bdi>{s.signatory ?? ''}</bdi>
                  </td>
                  <td>{dateTime(s.signedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!file.agreement && current && unsigned.length > 0 && (
        <p>
          <bdi>{t('jit.notYetSigned', { parties: list(unsigned.map((p) => p.id)) })}</bdi>
        </p>
      )}

      {(file.startedAt || file.endDate || file.ended) && (
        <>
          <h3>{t('jit.period')}</h3>
          <dl className="summary-list">
            {file.startedAt && (
              <div className="summary-row">
                <dt>{t('jit.startedAt')}</dt>
                <dd>{dateTime(file.startedAt)}</dd>
              </div>
            )}
            {file.endDate && (
              <div className="summary-row">
                <dt>{t('jit.endDate')}</dt>
                <dd>{day(file.endDate)}</dd>
              </div>
            )}
            {file.ended && (
              <div className="summary-row">
                <dt>{t('jit.ended')}</dt>
                <dd>
                  {t('jit.pair', {
                    first: dt(`jit.endReason.${file.ended.reason}`, file.ended.reason),
                    second: dateTime(file.ended.at),
                  })}
                  {file.ended.reasons && (
                    <div className="muted">
                      <bdi>{t('jit.reasons', { reasons: file.ended.reasons })}</bdi>
                    </div>
                  )}
                </dd>
              </div>
            )}
          </dl>
        </>
      )}

      {file.pendingExtension && (
        <>
          <h3>{t('jit.pendingExtension')}</h3>
          <dl className="summary-list">
            <div className="summary-row">
              <dt>{t('field.newEndDate')}</dt>
              <dd>
                {t('jit.extensionLine', {
                  date: day(file.pendingExtension.newEndDate),
                  party: nameOf(file.pendingExtension.proposedBy),
                })}
                <div className="muted">
                  <bdi>{t('jit.reasons', { reasons: file.pendingExtension.reasons })}</bdi>
                </div>
              </dd>
            </div>
            <div className="summary-row">
              <dt>{t('jit.agreedBy')}</dt>
              <dd>
                <bdi>{list(file.pendingExtension.agreedBy)}</bdi>
              </dd>
            </div>
            {awaited.length > 0 && (
              <div className="summary-row">
                <dt>{t('jit.awaitedFrom')}</dt>
                <dd>
                  <bdi>{list(awaited.map((p) => p.id))}</bdi>
                </dd>
              </div>
            )}
          </dl>
        </>
      )}
      {(file.extensions ?? []).length > 0 && (
        <>
          <h3>{t('jit.extensions')}</h3>
          <ul>
            {(file.extensions ?? []).map((e, i) => (
              <li key={i}>
                {t('jit.extensionLine', { date: day(e.newEndDate), party: nameOf(e.proposedBy) })}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('jit.activities')}</h3>
      {(file.activities ?? []).length === 0 ? (
        <p>{t('jit.noActivities')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field.joint-investigation.record-activity.date')}</th>
                <th scope="col">{t('field.joint-investigation.record-activity.kind')}</th>
                <th scope="col">{t('field.hostAuthorityId')}</th>
                <th scope="col">{t('field.joint-investigation.record-activity.summary')}</th>
                <th scope="col">{t('field.hostAuthorisation')}</th>
              </tr>
            </thead>
            <tbody>
              {(file.activities ?? []).map((a, i) => (
                <tr key={i}>
                  <th scope="row">{day(a.date)}</th>
                  <td>{dt(`enum.${a.kind}`, a.kind)}</td>
                  <td>
                    <bdi>{nameOf(a.hostAuthorityId)}</bdi>
                  </td>
                  <td>
                    <bdi>{a.summary}</bdi>
                  </td>
                  <td>
                    <bdi>{a.hostAuthorisation ?? ''}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t('jit.evaluations')}</h3>
      {(file.evaluations ?? []).length === 0 ? (
        <p>{t('jit.noEvaluations')}</p>
      ) : (
        <dl className="summary-list">
          {(file.evaluations ?? []).map((e) => (
            <div className="summary-row" key={e.authorityId}>
              <dt>
                <bdi>{nameOf(e.authorityId)}</bdi>
              </dt>
              <dd>
                <bdi className="answer-text">{e.assessment}</bdi>
                {e.lessons && (
                  <div className="muted">
                    <bdi>{t('wizard.check.pair', { label: t('field.lessons'), value: e.lessons })}</bdi>
                  </div>
                )}
                <div className="muted">{dateTime(e.at)}</div>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
