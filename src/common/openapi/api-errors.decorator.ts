import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import {
  ConflictErrorResponse,
  ERROR_RESPONSE_CLASSES,
  ErrorResponse,
  InternalErrorResponse,
  ValidationErrorResponse,
  VersionMismatchErrorResponse,
} from './error-responses';

/** The error statuses a route of this API can answer with the standard error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 429 | 500 | 503;

interface ErrorCodeDoc {
  status: ErrorStatus;
  /** What it means on a route (for the response's description). */
  meaning: string;
  /** The example body's message and details. */
  message: string;
  details?: unknown;
}

/** The error codes (docs/api.md section 5): status, meaning, and an example of the body. */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'invalid or unknown fields, ids, cursors or headers; `details` names each one',
    message: 'Invalid fields: reasons',
    details: [{ field: 'reasons', messages: ['reasons should not be empty'] }],
  },
  BAD_REQUEST: {
    status: 400,
    meaning: 'a malformed JSON body',
    message: 'Malformed JSON body: Unexpected end of JSON input',
  },
  INCOMPLETE_REQUEST: {
    status: 400,
    meaning:
      'sending a draft that misses mandatory contents, or in a language the counterpart does not accept; ' +
      '`details` names each missing field',
    message: 'The request cannot be submitted; missing or invalid: subject',
    details: [{ field: 'subject', messages: ['is required before submission'] }],
  },
  FORBIDDEN_REFUSAL_GROUND: {
    status: 400,
    meaning: 'a ground the convention forbids for refusing (bank secrecy, purely fiscal)',
    message: 'BANK_SECRECY: bank secrecy is not a ground for refusing assistance (UNTOC 18(8))',
    details: [
      {
        field: 'grounds[0]',
        messages: ['BANK_SECRECY: bank secrecy is not a ground for refusing assistance (UNTOC 18(8))'],
      },
    ],
  },
  NOT_EXTRADITABLE: {
    status: 400,
    meaning: 'an offence without dual criminality, or a principal offence below one year in either State',
    message: 'details.offences: at least one offence must be a principal (non-accessory) offence',
    details: [
      {
        field: 'details.offences',
        messages: ['at least one offence must be a principal (non-accessory) offence'],
      },
    ],
  },
  UNKNOWN_ACTION: {
    status: 400,
    meaning: "no such user action in the request's channel; `details` lists the valid ones",
    message: "Unknown action 'grant' for channel mla",
    details: [{ field: 'action', messages: ['must be one of: submit, acknowledge, ...'] }],
  },
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'no `Authorization: Bearer` header, or a malformed, unknown or revoked token',
    message: 'A valid bearer token is required',
  },
  FORBIDDEN: {
    status: 403,
    meaning: "the caller's roles (or side of the request) may not do this; an operator admin on case content",
    message: 'Your role or side may not do this',
  },
  CSRF_INVALID: {
    status: 403,
    meaning:
      'a request with the console session cookie that may change something lacks the X-CSRF-Token of its session; nothing was changed',
    message:
      'A request with the session cookie that may change something must carry the X-CSRF-Token header of its session',
  },
  NOT_FOUND: {
    status: 404,
    meaning: 'unknown, or not visible to the caller (the answer never reveals whether it exists)',
    message: 'Request not found',
  },
  INVALID_TRANSITION: {
    status: 409,
    meaning: 'the current status does not allow it; `details` gives the status and the allowed ones',
    message: "Action 'accept' is not allowed from status CLOSED",
    details: { status: 'CLOSED', allowedFrom: ['UNDER_REVIEW'] },
  },
  ACTION_NOT_AVAILABLE: {
    status: 409,
    meaning: 'allowed from the status, but not available on this case file now',
    message: "Action 'answer-status' is not available now: there is no unanswered status enquiry",
  },
  FOUR_EYES_REQUIRED: {
    status: 409,
    meaning:
      "the acting State's four-eyes policy requires a preparation and another user's confirmation; `details` " +
      'names the policy and the preparation route. Nothing changed',
    message:
      "The four-eyes policy of AUT requires 'refuse' on mla requests to be prepared by one user and confirmed " +
      'by another (approver) of the same authority: POST /v1/requests/<id>/preparations',
    details: {
      policy: { country: 'AUT', channel: 'mla', action: 'refuse', confirmerRole: 'approver' },
      preparations: '/v1/requests/<id>/preparations',
    },
  },
  FOUR_EYES_NOT_REQUIRED: {
    status: 409,
    meaning: 'no four-eyes policy applies to this action: take it directly',
    message: "No four-eyes policy of AUT applies to 'accept' on mla requests: take the action directly",
  },
  FOUR_EYES_ACROSS_NODES: {
    status: 409,
    meaning: 'preparations are kept on requests of this node alone',
    message:
      'Four-eyes preparations are kept on requests of this node alone; this request has a party on another node',
  },
  PREPARATION_CLOSED: {
    status: 409,
    meaning: 'the preparation was already confirmed or withdrawn (a replay); nothing changed',
    message: 'The preparation was already confirmed',
  },
  PREPARATION_PENDING: {
    status: 409,
    meaning: 'the same action is already prepared on this request and awaits confirmation',
    message: 'This action is already prepared and awaits confirmation (<id>)',
  },
  AUTHORITY_CODE_TAKEN: {
    status: 409,
    meaning: 'an authority with this code is already registered; `details` names the field',
    message: 'An authority with code AUT-CA already exists',
    details: [{ field: 'code', messages: ['is already registered'] }],
  },
  REQUEST_CLOSED: {
    status: 409,
    meaning: 'the request is in a terminal status',
    message: 'No documents can be added to a CLOSED request',
  },
  DOCUMENT_DELETED: {
    status: 410,
    meaning:
      'the document was deleted under its retention rule; `details` is the deletion certificate (the ' +
      "content's SHA-256, size, when, who, why, the governing rule, the node's signature)",
    message: 'The document was deleted on 2027-03-10 (retention): the deletion certificate is in details',
    details: {
      attachmentId: '7a1c0d4e-2f7b-4c1e-9a53-0d2b1f6e8c90',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      reason: 'Retention period ended',
    },
  },
  CONDITIONS_NOT_ACCEPTED: {
    status: 409,
    meaning:
      "the sender's conditions governing the document (or the items named) are not accepted yet; " +
      '`details` lists them',
    message: 'The document is released once its conditions are accepted: USE_LIMIT',
    details: [
      { field: 'conditions.7a1c0d4e-2f7b-4c1e-9a53-0d2b1f6e8c90', messages: ['USE_LIMIT: not accepted yet'] },
    ],
  },
  PRIOR_AUTHORISATION_REQUIRED: {
    status: 409,
    meaning:
      'a use beyond the named proceedings or an onward transfer without a granted consent of the sending ' +
      'State covering it (UNTOC 18(19), art. 36(5)); `details` lists the items not covered',
    message: 'No granted consent of the sending State covers onward-transfer to INTERPOL for: items[0]',
    details: [{ field: 'items[0]', messages: ['no granted consent covers this item'] }],
  },
  ALREADY_ANSWERED: {
    status: 409,
    meaning: 'the condition is already accepted, or the consent already granted or refused',
    message: 'The consent was already granted',
  },
  FEDERATED_REQUEST: {
    status: 409,
    meaning:
      'conditions and consents are not yet carried to another node: not on a request with a party there',
    message: 'Conditions and consents cannot be recorded on a request with a party on another node',
  },
  VERSION_MISMATCH: {
    status: 412,
    meaning: '`If-Match` names another version; `details.currentVersion` is the current one. Nothing changed',
    message: 'If-Match names version 4; the request is at 5',
    details: { currentVersion: 5 },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    meaning: 'a JSON body over 1 MiB (refused from Content-Length, before it is read)',
    message: 'Request body of 2000000 bytes is over the limit of 1048576 bytes',
  },
  RATE_LIMITED: {
    status: 429,
    meaning: 'over the rate limit of the client address or of the token; retry after `Retry-After` seconds',
    message: 'Too many requests from this token; retry after 3 s',
  },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'an unexpected fault of the engine, never client input; `errorId` is logged with the cause',
    message: 'Internal error',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    meaning: 'PostgreSQL or the queue backend is unavailable; nothing was changed, retry',
    message: 'A backing service is unavailable; nothing was changed, retry later',
  },
} as const satisfies Record<string, ErrorCodeDoc>;

export type ErrorCode = keyof typeof ERROR_CODES;

interface StatusDoc {
  body: new () => object;
  title: string;
  /** The codes the status stands for when a route names only the status. */
  codes: ErrorCode[];
  headers?: Record<string, object>;
}

const STATUSES: Record<ErrorStatus, StatusDoc> = {
  400: { body: ValidationErrorResponse, title: 'Invalid input', codes: ['VALIDATION_FAILED', 'BAD_REQUEST'] },
  401: { body: ErrorResponse, title: 'Not authenticated', codes: ['UNAUTHENTICATED'] },
  403: { body: ErrorResponse, title: 'Forbidden', codes: ['FORBIDDEN'] },
  404: { body: ErrorResponse, title: 'Not found', codes: ['NOT_FOUND'] },
  409: { body: ConflictErrorResponse, title: 'Conflict', codes: ['INVALID_TRANSITION'] },
  410: { body: ErrorResponse, title: 'Gone', codes: ['DOCUMENT_DELETED'] },
  412: { body: VersionMismatchErrorResponse, title: 'Stale If-Match', codes: ['VERSION_MISMATCH'] },
  413: { body: ErrorResponse, title: 'Body too large', codes: ['PAYLOAD_TOO_LARGE'] },
  429: {
    body: ErrorResponse,
    title: 'Too many requests',
    codes: ['RATE_LIMITED'],
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      },
    },
  },
  500: { body: InternalErrorResponse, title: 'Internal error', codes: ['INTERNAL_ERROR'] },
  503: { body: ErrorResponse, title: 'Service unavailable', codes: ['SERVICE_UNAVAILABLE'] },
};

/** Every route can answer these: the rate limit covers every route, and any route can meet a fault. */
const EVERY_ROUTE: ErrorStatus[] = [429, 500];

/**
 * Declares the error answers of a route in the OpenAPI document: each status with its body schema (the
 * classes of ./error-responses, always `application/json` whatever the route's success type), the codes it
 * stands for, an example body and the `X-Request-Id` header. A status stands for its usual codes (400:
 * VALIDATION_FAILED and BAD_REQUEST, 409: INVALID_TRANSITION, ...); name codes instead where a route has
 * others (`'AUTHORITY_CODE_TAKEN'`), or beside the status where it has more (`400, 'UNKNOWN_ACTION'`): the
 * codes of one status are listed together in one response. 429 and 500 are added to every route. Use it
 * once per route (a second use would repeat 429 and 500 in the descriptions).
 *
 *   @ApiErrors(400, 401, 403, 404, 503)
 *   @ApiErrors(400, 'UNKNOWN_ACTION', 401, 403, 404, 409, 'ACTION_NOT_AVAILABLE', 412, 413, 503)
 */
export function ApiErrors(...errors: (ErrorStatus | ErrorCode)[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<ErrorStatus, Set<ErrorCode>>();
  for (const e of [...errors, ...EVERY_ROUTE]) {
    const status = typeof e === 'number' ? e : ERROR_CODES[e].status;
    const codes = byStatus.get(status) ?? new Set<ErrorCode>();
    for (const code of typeof e === 'number' ? STATUSES[e].codes : [e]) {
      codes.add(code);
    }
    byStatus.set(status, codes);
  }
  const responses = [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, codes]) => ApiResponse(errorResponse(status, [...codes])));
  return applyDecorators(ApiExtraModels(...ERROR_RESPONSE_CLASSES), ...responses);
}

function errorResponse(status: ErrorStatus, codes: ErrorCode[]) {
  const { body, title, headers } = STATUSES[status];
  const first: ErrorCodeDoc = ERROR_CODES[codes[0]];
  return {
    status,
    description: `${title}. ${codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].meaning}`).join('. ')}.`,
    headers: {
      'X-Request-Id': {
        description: 'The request id, as in the body',
        required: true,
        schema: { type: 'string' },
      },
      ...headers,
    },
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(body) },
        example: {
          statusCode: status,
          error: STATUS_CODES[status],
          message: first.message,
          code: codes[0],
          ...(first.details === undefined ? {} : { details: first.details }),
          requestId: '0867f760-123b-4079-802d-9cc3add1b814',
          ...(status === 500 ? { errorId: 'b1d6e0f4-3c52-4a8e-9f1d-2a7c5e8b9d03' } : {}),
        },
      },
    },
  };
}
