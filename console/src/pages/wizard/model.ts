// The wizard's steps and how a draft's answers map to them: the channel and the requested authority first, then
// the fields every channel shares (from the draft's schema, UpdateRequestDto), then the channel's own `details`
// (its schema named by GET /v1/workflows), documents, and "check your answers". Which step holds a field decides
// where a completeness error from the API is shown.
import { parseAbsoluteToLocal } from '@internationalized/date';
import type { RequestDetail, Workflow } from '../../api/client';
import { payloadSchema, resolve, type FormValue, type JsonSchema } from '../../components/SchemaForm';

export type StepId = 'channel' | 'authority' | 'case' | 'assistance' | 'details' | 'documents' | 'check';

export const STEPS: StepId[] = [
  'channel',
  'authority',
  'case',
  'assistance',
  'details',
  'documents',
  'check',
];

/** The steps whose answers are a part of the draft's schema, with the top-level fields each holds. */
export const FIELD_STEPS: Record<'case' | 'assistance', string[]> = {
  case: ['subject', 'proceedingType', 'factsSummary', 'offences', 'personsConcerned'],
  assistance: ['assistanceSought', 'purpose', 'confidential'],
};

/** Fields the authority step holds (the counterpart, fixed once the draft exists; a multi-party channel's further parties). */
export const AUTHORITY_FIELDS = ['requestedAuthorityId', 'additionalPartyIds', 'urgency', 'language'];

/** Fields of the assistance step that are not built from the schema (a date and time, and its reason). */
export const DEADLINE_FIELDS = ['suggestedDeadline', 'deadlineReason'];

export function draftSchema(): JsonSchema {
  return payloadSchema('UpdateRequestDto') ?? {};
}

/** The draft schema cut down to some of its fields (a step's part of it). */
export function partOf(schema: JsonSchema, fields: string[]): JsonSchema {
  const props = schema.properties ?? {};
  return {
    type: 'object',
    properties: Object.fromEntries(fields.filter((f) => props[f]).map((f) => [f, props[f] as JsonSchema])),
  };
}

export function detailsSchemaOf(workflow: Workflow | undefined): JsonSchema | null {
  return payloadSchema(workflow?.details);
}

/** Which step a problem's field path belongs to ("details.items[0].value" -> details). */
export function stepOfField(path: string): StepId {
  const top = path.split(/[.[]/)[0] ?? path;
  if (top === 'details') {
    return 'details';
  }
  if (AUTHORITY_FIELDS.includes(top)) {
    return 'authority';
  }
  if (FIELD_STEPS.case.includes(top)) {
    return 'case';
  }
  if (FIELD_STEPS.assistance.includes(top) || DEADLINE_FIELDS.includes(top)) {
    return 'assistance';
  }
  return 'check';
}

/** A draft's stored value turned back into what the form holds (the inverse of SchemaForm's toBody). */
export function toForm(schema: JsonSchema, value: unknown): FormValue {
  const s = resolve(schema);
  if (s.type === 'object' || s.properties) {
    const record = (value ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, toForm(v, record[k])]));
  }
  if (s.type === 'array') {
    return Array.isArray(value) ? value.map((v) => toForm(s.items ?? {}, v)) : [];
  }
  if (s.type === 'boolean') {
    return value === true;
  }
  if (s.type === 'number' || s.type === 'integer') {
    return typeof value === 'number' ? value : null;
  }
  if (s.format === 'date-time') {
    // The date picker holds a date value, or null when empty (never a string: it would call its methods).
    return typeof value === 'string' && value ? parseAbsoluteToLocal(new Date(value).toISOString()) : null;
  }
  return typeof value === 'string' ? value : '';
}

/** The sending actions of a channel: what the requesting officer may do from the draft status. */
export function sendingActions(workflow: Workflow | undefined): string[] {
  return (workflow?.actions ?? [])
    .filter(
      (a) =>
        !a.system &&
        !a.keepsStatus &&
        a.action !== 'withdraw' &&
        a.from.includes(workflow?.initial ?? '') &&
        a.actors.some((actor) => actor.side === 'requesting' && actor.roles.includes('officer')),
    )
    .map((a) => a.action);
}

/** The draft's answers as the wizard keeps them between steps. */
export type Draft = RequestDetail;

/** `datetime-local` input value from an ISO instant, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(local: string): string | null {
  if (!local) {
    return null;
  }
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
