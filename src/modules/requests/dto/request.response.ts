import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseData, CooperationRequest, Offence, PersonConcerned } from '@/workflows';

export class PartyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
}

export class LinkedRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() status!: string;
}

export class RequestSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'VNM-2026-000042' }) reference!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() status!: string;
  @ApiProperty() version!: number;
  @ApiProperty() urgency!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) subject!: string | null;
  @ApiProperty({ enum: ['requesting', 'requested'] }) side!: 'requesting' | 'requested';
  @ApiProperty({ type: PartyResponse }) requestingAuthority!: PartyResponse;
  @ApiProperty({ type: PartyResponse }) requestedAuthority!: PartyResponse;
  @ApiProperty({
    type: [PartyResponse],
    description:
      'Further requested-side parties of a multi-party request (joint investigation team); empty otherwise',
  })
  additionalParties!: PartyResponse[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) suggestedDeadline!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
}

/** A move sent to the node that sequences the request's status, not settled yet (docs/federation.md). */
export class PendingMoveResponse {
  @ApiProperty() action!: string;
  @ApiProperty({ format: 'uuid' }) envelopeId!: string;
  @ApiProperty({ description: 'Origin of the node it was sent to' }) sentTo!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['user', 'system'] }) by!: 'user' | 'system';
}

export class QuarantineResponse {
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty() peer!: string;
  @ApiProperty({ description: 'Position in the history where the two nodes differ' }) seq!: number;
  @ApiProperty() reason!: string;
}

export class AcceptedLanguages {
  @ApiProperty({ type: [String], example: ['de', 'en'], description: 'ISO 639-1' }) languages!: string[];
  @ApiProperty({
    enum: ['declarations', 'authority'],
    description: "The requested State's declarations, or (none declared) the requested authority's languages",
  })
  source!: 'declarations' | 'authority';
}

export class RequestResponse extends RequestSummaryResponse {
  @ApiPropertyOptional({ nullable: true, type: String }) language!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) proceedingType!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) offences!: Offence[];
  @ApiPropertyOptional({ nullable: true, type: String }) factsSummary!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assistanceSought!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) purpose!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) personsConcerned!: PersonConcerned[];
  @ApiProperty() confidential!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) deadlineReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) followsUpRequestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the lifecycle added: questions, conditions, decisions, results',
  })
  caseData!: CaseData;
  @ApiProperty({ type: [String], description: 'Actions THIS caller may take now' })
  availableActions!: string[];
  @ApiPropertyOptional({
    type: [String],
    description:
      "Of availableActions, those the caller's State's four-eyes policy names: prepared (POST " +
      '/v1/requests/:id/preparations) and confirmed by another user, never taken directly',
  })
  fourEyesActions?: string[];
  @ApiProperty({
    type: [LinkedRequestResponse],
    description: 'Requests that follow this one up (e.g. the MLA request after a preservation)',
  })
  followUps!: LinkedRequestResponse[];
  @ApiPropertyOptional({
    type: [PendingMoveResponse],
    description:
      'Across nodes: moves sent to the node that sequences the status, not settled yet (absent: none)',
  })
  pendingMoves?: PendingMoveResponse[];
  @ApiPropertyOptional({
    type: QuarantineResponse,
    description: 'Across nodes: the two histories differ; actions are refused until resolved (absent: none)',
  })
  quarantine?: QuarantineResponse;
  @ApiPropertyOptional({
    type: AcceptedLanguages,
    nullable: true,
    description:
      'The languages the requested State accepts requests in (language must be one of them, or a certified ' +
      'translation in one attached); null when the requested authority is unknown here',
  })
  acceptedLanguages?: AcceptedLanguages | null;
}

export class RequestPageResponse {
  @ApiProperty({ type: [RequestSummaryResponse] }) items!: RequestSummaryResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toRequestSummary(
  r: CooperationRequest,
  side: 'requesting' | 'requested',
  parties: Map<string, PartyResponse>,
): RequestSummaryResponse {
  return {
    id: r.id,
    reference: r.reference,
    channel: r.channel,
    status: r.status,
    version: r.version,
    urgency: r.urgency,
    subject: r.subject,
    side,
    requestingAuthority: party(parties, r.requestingAuthorityId),
    requestedAuthority: party(parties, r.requestedAuthorityId),
    additionalParties: (r.additionalPartyIds ?? []).map((id) => party(parties, id)),
    suggestedDeadline: isoOrNull(r.suggestedDeadline),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: isoOrNull(r.submittedAt),
    deliveredAt: isoOrNull(r.deliveredAt),
  };
}

export function toRequestResponse(
  r: CooperationRequest,
  side: 'requesting' | 'requested',
  parties: Map<string, PartyResponse>,
  availableActions: string[],
  followUps: LinkedRequestResponse[] = [],
): RequestResponse {
  return {
    ...toRequestSummary(r, side, parties),
    language: r.language,
    proceedingType: r.proceedingType,
    offences: r.offences,
    factsSummary: r.factsSummary,
    assistanceSought: r.assistanceSought,
    purpose: r.purpose,
    personsConcerned: r.personsConcerned,
    confidential: r.confidential,
    deadlineReason: r.deadlineReason,
    followsUpRequestId: r.followsUpRequestId,
    details: r.details,
    caseData: r.caseData,
    availableActions,
    followUps,
  };
}

function party(parties: Map<string, PartyResponse>, id: string): PartyResponse {
  return parties.get(id) ?? { id, code: 'UNKNOWN', name: 'unknown authority', country: 'XXX' };
}
