import { ValidationFailedError } from '@/common/errors/domain-error';

/** Parses `If-Match: "<version>"` (quotes and W/ optional; `*` means no precondition). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*' || header.trim() === '') {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new ValidationFailedError([
      { field: 'If-Match', messages: ['must be the ETag of the request, e.g. "3"'] },
    ]);
  }
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
