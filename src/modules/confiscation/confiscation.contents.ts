import type { FieldProblem } from '@/common/errors/domain-error';
import type { CooperationRequest } from '@/workflows';
import type { ConfiscationContentsDto, ConfiscationDetailsDto } from './dto/confiscation-details.dto';

/*
 * The mandatory contents of the channel's requests (UNCC art. 50(3) with the UNTOC 13(3) template; the UN
 * additions are [GK]): what a freeze or seizure request (art. 50(2)) and each type of confiscation request
 * (art. 50(1)(a), (b)) must say. The draft is checked at submit, a confiscation request made after a freeze
 * when it is made (the same rules, on the action's payload).
 */

const problem = (field: string, message: string): FieldProblem => ({ field, messages: [message] });

/** Fields every request of the channel needs (art. 40 applies mutatis mutandis: UNTOC 13(3), 18(15)). */
function commonProblems(r: CooperationRequest): FieldProblem[] {
  const d = r.details as ConfiscationDetailsDto;
  const problems: FieldProblem[] = [];
  const required = 'is required before submission';
  if (!r.language) {
    problems.push(problem('language', required));
  }
  if (!r.subject) {
    problems.push(problem('subject', required));
  }
  if (r.offences.length === 0) {
    problems.push(problem('offences', 'name the offence the property comes from or was used for'));
  }
  if (!r.factsSummary) {
    problems.push(problem('factsSummary', 'art. 50(3): a statement of the facts relied upon'));
  }
  if (!d.measure) {
    problems.push(problem('details.measure', 'say whether freezing/seizure or confiscation is requested'));
  }
  if (!d.properties?.length) {
    problems.push(problem('details.properties', 'art. 50(3): describe at least one item of property'));
  }
  return problems;
}

/** Freezing or seizure (art. 50(2)): the actions sought and a copy of any order [GK]. */
function freezeProblems(r: CooperationRequest): FieldProblem[] {
  const d = r.details as ConfiscationDetailsDto;
  const problems: FieldProblem[] = [];
  if (!r.assistanceSought) {
    problems.push(problem('assistanceSought', 'art. 50(3)(c): a description of the actions requested'));
  }
  if (d.orderIssued === undefined) {
    problems.push(problem('details.orderIssued', 'say whether a freezing or seizure order was issued'));
  } else if (d.orderIssued && !d.freezeOrder) {
    problems.push(problem('details.freezeOrder', 'art. 50(3)(c) [GK]: attach a copy of the order'));
  }
  if (d.confiscation) {
    problems.push(
      problem('details.confiscation', 'a freeze request asks for confiscation later (request-confiscation)'),
    );
  }
  return problems;
}

/**
 * A confiscation request's own contents, the field names prefixed as the caller has them (`details.
 * confiscation.` for a draft, none for the action's payload).
 */
export function confiscationContentsProblems(
  c: ConfiscationContentsDto | undefined,
  prefix: string,
): FieldProblem[] {
  if (!c) {
    return [problem(prefix.replace(/\.$/, ''), 'art. 50(1): say which confiscation is requested')];
  }
  const problems: FieldProblem[] = [];
  if (c.type === 'obtain-domestic-order') {
    if (!c.factsForDomesticOrder) {
      problems.push(
        problem(`${prefix}factsForDomesticOrder`, 'art. 50(3)(a): facts sufficient for a domestic order'),
      );
    }
    for (const f of ['order', 'extentOfExecution', 'orderIsFinal'] as const) {
      if (c[f] !== undefined) {
        problems.push(
          problem(`${prefix}${f}`, 'only when enforcing the requesting State’s order (art. 50(1)(b))'),
        );
      }
    }
  } else {
    if (!c.order) {
      problems.push(
        problem(`${prefix}order`, "art. 50(3)(b): a legally admissible copy of the requesting State's order"),
      );
    }
    if (!c.extentOfExecution) {
      problems.push(
        problem(`${prefix}extentOfExecution`, 'art. 50(3)(b): the extent to which execution is requested'),
      );
    }
    if (!c.thirdPartyNotice) {
      problems.push(
        problem(`${prefix}thirdPartyNotice`, 'art. 50(3)(b) [GK]: how bona fide third parties were notified'),
      );
    }
    if (c.orderIsFinal !== true) {
      problems.push(problem(`${prefix}orderIsFinal`, 'art. 50(3)(b) [GK]: only a final order is enforced'));
    }
  }
  return problems;
}

/** What is still missing before the draft may leave: the common fields, then the measure's own. */
export function confiscationMissingForSubmission(r: CooperationRequest): FieldProblem[] {
  const d = r.details as ConfiscationDetailsDto;
  const problems = commonProblems(r);
  if (d.measure === 'freeze-seize') {
    problems.push(...freezeProblems(r));
  } else if (d.measure === 'confiscation') {
    problems.push(...confiscationContentsProblems(d.confiscation, 'details.confiscation.'));
  }
  return problems;
}
