import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import type { CaseOf, CooperationRequest, DocumentReader, DocumentRef } from '@/workflows';
import type {
  GrantRenewalPayload,
  RequestRenewalPayload,
  StartCollectionPayload,
} from './payloads/real-time-collection.payloads';
import type { RealTimeCollectionCaseData, RealTimeCollectionContext } from './real-time-collection.case-data';
import type { RealTimeCollectionDetailsDto } from './dto/real-time-collection-details.dto';

/*
 * The checks of the real-time collection lifecycle table (real-time-collection.machine.ts): the requested
 * State's declaration of offences open to interception, the legal limits of the authorised period, and the
 * stricter access to intercepted content.
 */

type Request = CaseOf<RealTimeCollectionCaseData>;

const detailsOf = (r: CooperationRequest): RealTimeCollectionDetailsDto => r.details;

/** The request asks for interception of content data (art. 46), the most sensitive measure. */
export function isInterception(r: CooperationRequest): boolean {
  return detailsOf(r).measure === 'content-data';
}

/** The State declared no offence, or not these: interception of content data is not available from it. */
export class InterceptionNotAvailableError extends ValidationFailedError {
  constructor(problems: FieldProblem[]) {
    super(problems, problems.map((p) => p.messages.join('; ')).join('; '), 'INTERCEPTION_NOT_AVAILABLE');
  }
}

/**
 * Interception only for the offences the requested State declared as open to it (art. 46: to the extent its
 * treaties and domestic law allow); each offence must name its convention article (7-21) to be matched.
 */
export function interceptionDeclared({ request, settings }: RealTimeCollectionContext): void {
  if (!isInterception(request)) {
    return;
  }
  const declared = settings.interceptionOffences;
  if (!declared || declared.length === 0) {
    throw new InterceptionNotAvailableError([
      {
        field: 'offences',
        messages: [
          'the requested State declared no offence for which its law allows interception of content data ' +
            '(art. 46; declarations.interceptionOffences): interception is not available from it',
        ],
      },
    ]);
  }
  const problems = request.offences.flatMap((o, i): FieldProblem[] =>
    o.conventionArticle !== undefined && declared.includes(o.conventionArticle)
      ? []
      : [
          {
            field: `offences[${i}]`,
            messages: [
              o.conventionArticle === undefined
                ? 'must name its conventionArticle: the requested State declared interception only for ' +
                  `offences under UNCC arts ${declared.join(', ')} (art. 46)`
                : `art. ${o.conventionArticle} is not among the offences for which the requested State ` +
                  `declared interception available (UNCC arts ${declared.join(', ')}; art. 46)`,
            ],
          },
        ],
  );
  if (problems.length > 0) {
    throw new InterceptionNotAvailableError(problems);
  }
}

/** The period asked for must not have ended by the time the request is sent. */
export function periodNotOver({ request, now }: RealTimeCollectionContext): void {
  const end = detailsOf(request).periodEnd;
  if (end && Date.parse(end) <= now.getTime()) {
    throw new ValidationFailedError([
      { field: 'details.periodEnd', messages: ['the collection period asked for has already ended'] },
    ]);
  }
}

/** What the submission checks beyond the mandatory contents: the declaration, then the period. */
export function submissionAllowed(ctx: RealTimeCollectionContext): void {
  interceptionDeclared(ctx);
  periodNotOver(ctx);
}

function mustBe(field: string, ok: boolean, message: string): void {
  if (!ok) {
    throw new ValidationFailedError([{ field, messages: [message] }]);
  }
}

/**
 * The authorised end is in the future and not after the end asked for: the requested State may authorise
 * a shorter period than requested, never a longer one (arts 45(3)(f), 46(2)(f) [GK]).
 */
export function authorisedWithinRequest({
  request,
  payload,
  now,
}: RealTimeCollectionContext<StartCollectionPayload>): void {
  const end = Date.parse(payload.endsAt);
  mustBe('endsAt', end > now.getTime(), 'must be in the future');
  const asked = detailsOf(request).periodEnd;
  mustBe(
    'endsAt',
    !asked || end <= Date.parse(asked),
    `must not be after the end of the period asked for (${asked ?? ''})`,
  );
}

const currentEnd = (request: Request): number => Date.parse(request.caseData.collection?.endsAt ?? '');

/** A renewal asks for a later end than the one in force. */
export function renewalExtends({ request, payload }: RealTimeCollectionContext<RequestRenewalPayload>): void {
  mustBe(
    'requestedEnd',
    Date.parse(payload.requestedEnd) > currentEnd(request),
    `must be after the current end of the period (${request.caseData.collection?.endsAt ?? ''})`,
  );
}

/** A granted renewal ends after the current end and not after the end the renewal asked for. */
export function renewalWithinAsked({
  request,
  payload,
}: RealTimeCollectionContext<GrantRenewalPayload>): void {
  const end = Date.parse(payload.endsAt);
  mustBe(
    'endsAt',
    end > currentEnd(request),
    `must be after the current end of the period (${request.caseData.collection?.endsAt ?? ''})`,
  );
  const asked = openRenewal(request)?.requestedEnd;
  mustBe(
    'endsAt',
    !asked || end <= Date.parse(asked),
    `must not be after the end asked for (${asked ?? ''})`,
  );
}

/** The renewal request still waiting for the requested State's decision. */
export function openRenewal(
  request: Request,
): NonNullable<RealTimeCollectionCaseData['renewals']>[number] | undefined {
  const last = request.caseData.renewals?.at(-1);
  return last && !last.outcome ? last : undefined;
}

/**
 * Intercepted content (art. 46; DOMAIN.md 3.8: the most sensitive category) is read by approvers only, of
 * either side: a document the requested State adds as evidence, or that a delivered batch names. The
 * request's other documents (warrants, translations) stay open to every party user.
 */
export function interceptedContentAccess(
  request: CooperationRequest,
  document: DocumentRef,
  reader: DocumentReader,
): string | null {
  if (!isInterception(request) || reader.roles.includes('approver')) {
    return null;
  }
  const batches = (request.caseData as RealTimeCollectionCaseData).batches ?? [];
  const inABatch = batches.some((b) => b.items.some((i) => i.attachmentId === document.id));
  const product = inABatch || (document.uploadedBy === 'requested' && document.kind === 'evidence');
  return product
    ? 'intercepted content data (art. 46) may be downloaded by approvers of the two sides only'
    : null;
}

/** Content data requests are confidential by force: the flag may not be off (art. 46; DOMAIN.md 3.8). */
export function confidentialIfInterception(draft: CooperationRequest): FieldProblem[] {
  return isInterception(draft) && !draft.confidential
    ? [
        {
          field: 'confidential',
          messages: [
            'must be true: interception of content data (art. 46) is always confidential, it cannot be turned off',
          ],
        },
      ]
    : [];
}

/** The period asked for ends after it starts. */
export function periodInOrder(draft: CooperationRequest): FieldProblem[] {
  const { periodStart, periodEnd } = detailsOf(draft);
  return periodStart && periodEnd && Date.parse(periodEnd) <= Date.parse(periodStart)
    ? [{ field: 'details.periodEnd', messages: ['must be after details.periodStart'] }]
    : [];
}
