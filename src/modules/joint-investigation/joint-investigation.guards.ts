import { DomainError, ValidationFailedError } from '@/common/errors/domain-error';
import type { CaseOf } from '@/workflows';
import type { JitCaseData, JitContext } from './joint-investigation.case-data';
import { actingParty, partiesInTeam } from './joint-investigation.parties';
import type {
  ProposeExtensionPayload,
  ProposeTermsPayload,
  RecordActivityPayload,
  SignAgreementPayload,
} from './payloads/joint-investigation.payloads';

/*
 * The checks of the joint investigation table (joint-investigation.machine.ts) on what an action says: the
 * version of the terms signed, members of parties only, a later end, an activity's host party and, for
 * another party acting in its territory, the host's authorisation. Which party may act at all is in
 * joint-investigation.parties.ts (the rows' availableWhen).
 */

const conflict = (code: string, message: string): DomainError => new DomainError(code, 'conflict', message);
const invalid = (field: string, message: string): ValidationFailedError =>
  new ValidationFailedError([{ field, messages: [message] }]);

/** The last day of a period as the instant it is over (the day after, 00:00 UTC). */
export function dayAfter(date: string): Date {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + 86400000);
}

/** Terms name members of parties in the team only, and an end after the start. */
export function termsFit(ctx: JitContext<ProposeTermsPayload>): void {
  checkTerms(ctx.request, ctx.payload.terms, 'terms');
}

export function checkTerms(
  request: CaseOf<JitCaseData>,
  terms: { startDate?: string; endDate?: string; members?: { partyAuthorityId: string }[] },
  prefix: string,
): void {
  if (terms.startDate && terms.endDate && terms.endDate < terms.startDate) {
    throw invalid(`${prefix}.endDate`, 'must not be before startDate');
  }
  const inTeam = new Set(partiesInTeam(request));
  const stranger = (terms.members ?? []).findIndex((m) => !inTeam.has(m.partyAuthorityId));
  if (stranger >= 0) {
    throw invalid(`${prefix}.members[${stranger}].partyAuthorityId`, 'must be a party of the team');
  }
}

/** A signature is given to the current version of the terms. */
export function signable(ctx: JitContext<SignAgreementPayload>): void {
  const { request, payload } = ctx;
  const current = request.caseData.agreementDraft?.version;
  if (payload.termsVersion !== current) {
    throw conflict(
      'TERMS_VERSION_MISMATCH',
      `The terms under negotiation are version ${current ?? 'none'}, not ${payload.termsVersion}`,
    );
  }
}

/** The team starts on the agreed first day, not before. */
export function startDateReached({ request, now }: JitContext): void {
  const start = request.caseData.agreement?.terms.startDate;
  if (start && now.getTime() < Date.parse(`${start.slice(0, 10)}T00:00:00Z`)) {
    throw conflict('NOT_YET_STARTED', `The agreed period starts on ${start.slice(0, 10)}`);
  }
}

/** One extension at a time, to a day after the current end. */
export function extensionProposable(ctx: JitContext<ProposeExtensionPayload>): void {
  const { request, payload } = ctx;
  if (request.caseData.pendingExtension) {
    throw conflict('EXTENSION_PENDING', 'An extension is already proposed; agree to it or decline it first');
  }
  const end = request.caseData.endDate ?? '';
  if (payload.newEndDate.slice(0, 10) <= end) {
    throw invalid('newEndDate', `must be after the current end of the period (${end})`);
  }
}

/**
 * An activity takes place in the territory of a party of the team, and a party acting in another's
 * territory does so with the host's authorisation (art. 48 [UNTOC 19]: the host's sovereignty respected).
 */
export function activityRespectsHost(ctx: JitContext<RecordActivityPayload>): void {
  const { request, payload, actor } = ctx;
  if (!partiesInTeam(request).includes(payload.hostAuthorityId)) {
    throw invalid('hostAuthorityId', 'must be a party of the team');
  }
  if (payload.hostAuthorityId !== actingParty(actor) && !payload.hostAuthorisation) {
    throw invalid(
      'hostAuthorisation',
      "is required when the activity took place in another party's territory (art. 48: host sovereignty)",
    );
  }
}

/** The proposal has not reached the invited States yet. */
function notYetDelivered(request: CaseOf<JitCaseData>): boolean {
  return request.deliveredAt === null;
}

export const deliveredOnce = { test: notYetDelivered, reason: 'it was already delivered' };
