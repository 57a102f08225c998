import { ValidationFailedError } from '@/common/errors/domain-error';
import type { VersionPrecondition } from '@/workflows';

/**
 * Parses `If-Match: "<version>"` (quotes optional; `*` or absent: no precondition). A weak tag `W/"3"` is
 * read, and never matches (RFC 9110: If-Match uses the strong comparison): the action answers 412.
 */
export function parseIfMatch(header: string | undefined): VersionPrecondition | undefined {
  if (header === undefined || header.trim() === '*' || header.trim() === '') {
    return undefined;
  }
  const match = /^\s*(W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new ValidationFailedError([
      { field: 'If-Match', messages: ['must be the ETag of the request, e.g. "3"'] },
    ]);
  }
  return { version: Number(match[2]), weak: match[1] !== undefined };
}

export function etag(version: number): string {
  return `"${version}"`;
}
