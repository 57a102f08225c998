import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) form of a JSON value: what every hash and signature of the federation is computed over, so
 * that another node, written in any language, recomputes the same bytes.
 */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new TypeError('Cannot canonicalise a value that has no JSON form');
  }
  return text;
}

/** UTF-8 bytes of the JCS form. */
export function jcsBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(jcs(value));
}
