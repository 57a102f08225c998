// The answer of GET /v1/audit/verify in words: success and failure each said in text (a mark and a colour
// only repeat it), with the counts checked, or exactly where the chain or the log breaks and why. The
// engine's reason is its own English sentence, marked as English.
import type { Schemas } from '../../api/client';
import { useT } from '../../i18n/t';

export type Verification =
  | { kind: 'chain'; result: Schemas['ChainVerificationResponse']; covered: number; total: number }
  | { kind: 'log'; result: Schemas['LogVerificationResponse'] };

export function VerificationResult({ verification: v }: { verification: Verification }) {
  const t = useT();
  const valid = v.result.valid;
  return (
    <div className={valid ? 'audit-result audit-result-ok' : 'audit-result audit-result-broken'}>
      <p className="audit-result-title">
        <span aria-hidden="true">{valid ? '✓ ' : '✗ '}</span>
        {valid ? t('audit.verify.verified') : t('audit.verify.notVerified')}
      </p>
      {v.kind === 'chain' ? <ChainText verification={v} /> : <LogText result={v.result} />}
    </div>
  );
}

function ChainText({ verification: v }: { verification: Extract<Verification, { kind: 'chain' }> }) {
  const t = useT();
  const r = v.result;
  if (r.valid) {
    return (
      <>
        <p>{t('audit.verify.chainOk', { count: r.events })}</p>
        <p>
          {v.covered === v.total
            ? t('audit.verify.coveredAll')
            : t('audit.verify.covered', { covered: v.covered, total: v.total })}
        </p>
      </>
    );
  }
  return (
    <p>
      {t('audit.verify.chainBroken', { seq: r.brokenAt?.seq ?? 0, id: r.brokenAt?.eventId ?? '—' })}{' '}
      <span lang="en">{r.brokenAt?.reason}</span>
    </p>
  );
}

function LogText({ result: r }: { result: Schemas['LogVerificationResponse'] }) {
  const t = useT();
  if (r.valid) {
    return (
      <>
        <p>
          {t('audit.verify.logOk', { events: r.events, requests: r.requests, checkpoints: r.checkpoints })}
        </p>
        <p>{t('audit.verify.uncheckpointed', { count: r.uncheckpointedEvents })}</p>
        <p>
          {t('audit.verify.key')} <code className="hash">{r.keyId}</code>
        </p>
      </>
    );
  }
  const at = r.brokenAt;
  const where = [
    at?.requestId ? t('audit.verify.atRequest', { id: at.requestId }) : null,
    at?.seq ? t('audit.verify.atEvent', { seq: at.seq }) : null,
    at?.checkpointSeq ? t('audit.verify.atCheckpoint', { seq: at.checkpointSeq }) : null,
  ].filter((x): x is string => x !== null);
  return (
    <>
      <p>{t('audit.verify.problems', { count: r.problems })}</p>
      <p>
        {t('audit.verify.firstProblem', { where: where.join(', ') || '—' })}{' '}
        <span lang="en">{at?.reason}</span>
      </p>
    </>
  );
}
