import type { SecuritySchemeObject } from '@nestjs/swagger';

/**
 * The bearer scheme of the OpenAPI document. Tokens are opaque (`ccr_` and 43 base64url characters, 256
 * random bits, stored as a SHA-256 hash), not JWTs: `bearerFormat` is left out on purpose (DocumentBuilder
 * would otherwise say "JWT").
 */
export const BEARER_AUTH: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: undefined,
  description:
    'An opaque token, `ccr_` followed by 43 base64url characters, shown once when issued ' +
    '(POST /v1/authorities/{id}/users, POST /v1/users/{id}/tokens). Nothing can be read from it; ' +
    'the operator bootstrap token (ADMIN_TOKEN) works the same way.',
};
