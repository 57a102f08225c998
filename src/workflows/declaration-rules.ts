import type { FieldProblem } from '@/common/errors/domain-error';
import type { CooperationRequest } from './entities/cooperation-request.entity';
import type { AuthorityRef } from './ports';
import type { ChannelDefinition, SubmissionFacts } from './workflow.types';

/*
 * The checks every channel shares of a request against the requested State's declarations, at submission
 * (issue 15): the languages it accepts and the channels it takes. A channel's own declaration checks
 * (interception offences, the Convention as a basis for extradition, dual criminality for preservation)
 * are its ChannelDefinition.declarationChecks. The rules are data: what the State declared.
 */

const NO_FACTS: SubmissionFacts = { declared: null, certifiedTranslations: [] };

/**
 * The request is in a language the requested State accepts, or has a certified translation in one: the
 * State's declared languages, else (not declared) the languages of the requested authority.
 */
export function languageProblems(
  request: CooperationRequest,
  counterpart: AuthorityRef | null,
  facts: SubmissionFacts = NO_FACTS,
): FieldProblem[] {
  const declared = facts.declared?.languages;
  const accepted = declared ?? counterpart?.languages;
  if (!request.language || !accepted || accepted.includes(request.language)) {
    return [];
  }
  if (facts.certifiedTranslations.some((l) => accepted.includes(l))) {
    return [];
  }
  if (declared && facts.declared) {
    return [
      {
        field: 'declarations.languages',
        messages: [
          `${facts.declared.country} declared it accepts requests in ${declared.join(', ')}: the request is ` +
            `in ${request.language}; attach a certified translation (kind translation, language, certifiedBy) ` +
            'in one of them',
        ],
      },
    ];
  }
  return [
    {
      field: 'language',
      messages: [
        `${counterpart?.code ?? ''} accepts requests in ${(accepted ?? []).join(', ')}; translate the request`,
      ],
    },
  ];
}

/** The requested State takes requests on this channel (declared channels; absent: all). */
export function channelProblems(def: ChannelDefinition, facts: SubmissionFacts = NO_FACTS): FieldProblem[] {
  const channels = facts.declared?.channels;
  if (!channels || channels.includes(def.channel)) {
    return [];
  }
  return [
    {
      field: 'declarations.channels',
      messages: [
        `${facts.declared?.country ?? ''} declared it accepts requests on ` +
          `${channels.length > 0 ? channels.join(', ') : 'no channel'}, not ${def.channel}`,
      ],
    },
  ];
}

/** Every problem the requested State's declarations raise against the request at submission. */
export function declarationProblems(
  def: ChannelDefinition,
  request: CooperationRequest,
  counterpart: AuthorityRef | null,
  facts: SubmissionFacts = NO_FACTS,
): FieldProblem[] {
  return [
    ...channelProblems(def, facts),
    ...languageProblems(request, counterpart, facts),
    ...(facts.declared && def.declarationChecks ? def.declarationChecks(request, facts.declared) : []),
  ];
}
