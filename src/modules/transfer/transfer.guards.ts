import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { type CaseOf, sideOf } from '@/workflows';
import type { TransferDetailsDto } from './dto/transfer-details.dto';
import {
  type AgreeTransferPayload,
  type ExecuteTransferPayload,
  PROCEEDINGS_OUTCOMES,
  type ReportOutcomePayload,
  SENTENCE_OUTCOMES,
} from './payloads/transfer.payloads';
import type { TransferCaseData, TransferContext } from './transfer.case-data';
import { receivingSide, sendingSide } from './transfer.roles';

/*
 * The checks of the transfer table (transfer.machine.ts): which of the two States may take a row that only
 * one of them may (the sentencing State obtains the consent, the administering State verifies it; the
 * receiving State acknowledges and reports), what a payload must hold for the kind of transfer, and when the
 * sentenced person's consent allows an agreement.
 */

type Request = CaseOf<TransferCaseData>;

const kindOf = (request: Pick<Request, 'details'>): TransferDetailsDto['kind'] =>
  (request.details as TransferDetailsDto).kind;
const isSentencedPerson = (request: Pick<Request, 'details'>): boolean =>
  kindOf(request) === 'sentenced-person';

type UserActor = Extract<TransferContext['actor'], { type: 'user' }>;

/** The user acts for the State handing over (the sentencing or transferring State), on whichever side. */
function actsForSendingSide(request: Request, actor: UserActor): boolean {
  return sideOf(request, actor.authorityId) === sendingSide(request);
}

/** The user acts for the State receiving (the administering State, or the one taking the proceedings). */
function actsForReceivingSide(request: Request, actor: UserActor): boolean {
  return sideOf(request, actor.authorityId) === receivingSide(request);
}

/** The sentencing State obtains the consent and records it (CoE 1983 art. 7(1) [GK]). */
export const bySentencingState = {
  test: actsForSendingSide,
  reason: 'Only the sentencing State may do this',
};

/** The administering State verifies the consent (CoE 1983 art. 7(2) [GK]). */
export const byAdministeringState = {
  test: actsForReceivingSide,
  reason: 'Only the administering State may do this',
};

/** The State that receives the person or the proceedings acknowledges and reports what became of them. */
export const byReceivingState = {
  test: actsForReceivingSide,
  reason: 'Only the State receiving the person or the proceedings may do this',
};

function refuse(problems: FieldProblem[]): void {
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
}

/** A sentenced person's agreement says how the sentence is enforced; a proceedings agreement does not. */
export function agreementFitsKind(ctx: TransferContext<AgreeTransferPayload>): void {
  const { request, payload } = ctx;
  const problems: FieldProblem[] = [];
  if (isSentencedPerson(request) && !payload.enforcement) {
    problems.push({
      field: 'enforcement',
      messages: ['say whether enforcement is continued or converted (CoE 1983 art. 9(1) [GK])'],
    });
  } else if (!isSentencedPerson(request) && payload.enforcement) {
    problems.push({ field: 'enforcement', messages: ['only for the transfer of a sentenced person'] });
  }
  refuse(problems);
}

/** A sentenced person is handed over at a place; proceedings are handed over as a file of documents. */
export function executionFitsKind({ request, payload }: TransferContext<ExecuteTransferPayload>): void {
  const problems: FieldProblem[] = [];
  if (isSentencedPerson(request)) {
    if (!payload.place) {
      problems.push({ field: 'place', messages: ['name the place of handover of the sentenced person'] });
    }
    if (payload.fileItems) {
      problems.push({ field: 'fileItems', messages: ['only for the transfer of proceedings'] });
    }
  } else {
    if (!payload.fileItems) {
      problems.push({ field: 'fileItems', messages: ['list the documents of the file handed over'] });
    }
    if (payload.escort) {
      problems.push({ field: 'escort', messages: ['only for the transfer of a sentenced person'] });
    }
  }
  refuse(problems);
}

/** The outcome reported is one of the kind of transfer, by the receiving State. */
export function outcomeFitsKind(ctx: TransferContext<ReportOutcomePayload>): void {
  const allowed = [...(isSentencedPerson(ctx.request) ? SENTENCE_OUTCOMES : PROCEEDINGS_OUTCOMES), 'other'];
  if (!allowed.includes(ctx.payload.outcome)) {
    refuse([{ field: 'outcome', messages: [`for this kind of transfer, one of: ${allowed.join(', ')}`] }]);
  }
}

const consentRequired = (request: Request): boolean =>
  isSentencedPerson(request) && (request.details as TransferDetailsDto).consentRequired === true;

/** The sentenced person's consent is required and not recorded yet. */
function consentNeeded(request: Request): boolean {
  return consentRequired(request) && request.caseData.consent === undefined;
}

/** No consent is missing, and no verification failed to confirm it. */
function consentInOrder(request: Request): boolean {
  return (
    (!consentRequired(request) || request.caseData.consent !== undefined) &&
    request.caseData.consentVerification?.confirmed !== false
  );
}

/** A consent is recorded and not verified yet. */
function consentUnverified(request: Request): boolean {
  return request.caseData.consent !== undefined && request.caseData.consentVerification === undefined;
}

/** Nobody acknowledged the person or the file yet. */
function notYetReceived(request: Request): boolean {
  return request.caseData.receipt === undefined;
}

/** The receiving State acknowledged the person or the file. */
function received(request: Request): boolean {
  return request.caseData.receipt !== undefined;
}

/** The proposal has not reached the counterpart yet. */
function notYetDelivered(request: Request): boolean {
  return request.deliveredAt === null;
}

export const consentToSeek = {
  test: consentNeeded,
  reason: "the sentenced person's consent is not required or already recorded",
};

/** Agreement needs the consent where it is required, and a verification, if made, that confirmed it. */
export const consentSettled = {
  test: consentInOrder,
  reason: "the sentenced person's consent is not recorded, or its verification did not confirm it",
};

export const consentToVerify = {
  test: consentUnverified,
  reason: 'no consent to verify, or it was already verified',
};

export const receiptOutstanding = { test: notYetReceived, reason: 'the receipt was already acknowledged' };

export const receiptAcknowledged = {
  test: received,
  reason: 'the receiving State has not acknowledged the person or the file yet',
};

/** Delivery happens once. */
export const deliveredOnce = { test: notYetDelivered, reason: 'it was already delivered' };
