import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/**
 * The error bodies of the OpenAPI document: what AllExceptionsFilter (src/common/errors) writes,
 * `{ statusCode, error, message, code, details?, requestId }`, plus `errorId` on a 500. One class per shape of
 * `details`, so that a generated client knows what it holds for each status.
 */

/** One offending field of a 400 (or of a taken authority code, 409). */
export class FieldProblemResponse {
  @ApiProperty({ example: 'offences[0].description', description: 'Path of the field: dots and brackets' })
  field!: string;
  @ApiProperty({ type: [String], example: ['description should not be empty'] })
  messages!: string[];
}

/** `details` of a 409 `INVALID_TRANSITION`. */
export class TransitionConflictDetails {
  @ApiProperty({ example: 'CLOSED', description: 'The status the request is in' })
  status!: string;
  @ApiProperty({
    type: [String],
    example: ['UNDER_REVIEW'],
    description: 'The statuses the action is allowed from',
  })
  allowedFrom!: string[];
}

/** `details` of a 412 `VERSION_MISMATCH`. */
export class VersionMismatchDetails {
  @ApiProperty({ type: 'integer', example: 5, description: 'The version the request is at (its ETag)' })
  currentVersion!: number;
}

/** The fields every error body has (not a schema of its own: each body class below extends it). */
abstract class ErrorBodyFields {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated' })
  statusCode!: number;
  @ApiProperty({ description: 'The HTTP reason phrase, e.g. "Not Found"' })
  error!: string;
  @ApiProperty({ description: 'For people; may change' })
  message!: string;
  @ApiProperty({ description: 'Stable and machine-readable, e.g. NOT_FOUND: branch on this' })
  code!: string;
  @ApiProperty({
    example: '0867f760-123b-4079-802d-9cc3add1b814',
    description: 'The HTTP request id, also sent as the X-Request-Id header (logged with the request)',
  })
  requestId!: string;
}

/** The standard error body: `details`, when present, is a list of field problems or an object. */
export class ErrorResponse extends ErrorBodyFields {
  @ApiPropertyOptional({
    description: 'Present on some errors: the offending fields (400), or facts about the conflict (409, 412)',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldProblemResponse) } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: FieldProblemResponse[] | Record<string, unknown>;
}

/** 400: `details` names every offending field (unknown fields included); nothing was changed. */
export class ValidationErrorResponse extends ErrorBodyFields {
  @ApiPropertyOptional({
    type: [FieldProblemResponse],
    description: 'Every offending field (absent for a malformed body, BAD_REQUEST)',
  })
  details?: FieldProblemResponse[];
}

/** 409: an action not allowed now, or a value already taken. */
export class ConflictErrorResponse extends ErrorBodyFields {
  @ApiPropertyOptional({
    description:
      'INVALID_TRANSITION: the current status and the statuses the action is allowed from; ' +
      'AUTHORITY_CODE_TAKEN: the field; absent otherwise',
    oneOf: [
      { $ref: getSchemaPath(TransitionConflictDetails) },
      { type: 'array', items: { $ref: getSchemaPath(FieldProblemResponse) } },
    ],
  })
  details?: TransitionConflictDetails | FieldProblemResponse[];
}

/** 412: `If-Match` named another version; nothing was changed. */
export class VersionMismatchErrorResponse extends ErrorBodyFields {
  @ApiProperty({ type: VersionMismatchDetails })
  details!: VersionMismatchDetails;
}

/** 500: an unexpected fault of the engine (never client input); `errorId` is logged with the cause. */
export class InternalErrorResponse extends ErrorBodyFields {
  @ApiProperty({ format: 'uuid', description: 'Logged with the cause: quote it when reporting the fault' })
  errorId!: string;
}

/** Every error body class, for the document's components (the details classes come with them). */
export const ERROR_RESPONSE_CLASSES = [
  ErrorResponse,
  ValidationErrorResponse,
  ConflictErrorResponse,
  VersionMismatchErrorResponse,
  InternalErrorResponse,
  FieldProblemResponse,
  TransitionConflictDetails,
  VersionMismatchDetails,
] as const;
