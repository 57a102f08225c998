/**
 * One HTTP byte range (RFC 9110 section 14) of a document of `size` bytes: `bytes=a-b`, `bytes=a-` or
 * `bytes=-n`. Several ranges in one request are not served (a puller resumes one transfer): the whole
 * document is answered instead, which RFC 9110 allows.
 */
export type ByteRange =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable'; reason: string };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** What to answer for a Range header (absent or of another unit: the whole document). */
export function byteRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined || header.trim() === '') {
    return { kind: 'whole' };
  }
  const value = header.trim();
  if (!value.startsWith('bytes=') || value.includes(',')) {
    return { kind: 'whole' };
  }
  const m = SINGLE.exec(value);
  if (!m || (m[1] === '' && m[2] === '')) {
    return { kind: 'unsatisfiable', reason: `malformed Range ${value}` };
  }
  if (m[1] === '') {
    // A suffix: the last n bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) {
      return { kind: 'unsatisfiable', reason: `the suffix range ${value} selects no byte` };
    }
    return { kind: 'part', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) {
    return { kind: 'unsatisfiable', reason: `the range starts at ${m[1]}, the document has ${size} bytes` };
  }
  if (end < start) {
    return { kind: 'unsatisfiable', reason: `the range ${value} ends before it starts` };
  }
  return { kind: 'part', start, end };
}

/** The strong ETag of a document: its SHA-256 (hex), quoted. */
export function blobEtag(sha256: string): string {
  return `"${sha256}"`;
}
