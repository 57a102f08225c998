import type { KeyObject } from 'node:crypto';
import { contentDigest, signMessage } from '../envelope/http-signature';

/** The path of the blob endpoint for a digest (FEDERATION.md endpoints, fixed). */
export const blobPath = (sha256: string): string => `/federation/v1/blobs/sha256/${sha256}`;

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The media type named on a signed GET: the federation's RFC 9421 profile covers `content-type` and
 * `content-digest`, so a GET carries both, for its empty body.
 */
export const SIGNED_GET_MEDIA_TYPE = 'application/octet-stream';

/** The headers of a GET signed for the hop by this node (RFC 9421, the same profile as the inbox's POST). */
export function signedGetHeaders(
  url: string,
  key: KeyObject,
  kid: string,
  now = new Date(),
): Record<string, string> {
  const digest = contentDigest('');
  return {
    'content-type': SIGNED_GET_MEDIA_TYPE,
    'content-digest': digest,
    ...signMessage(
      { method: 'GET', targetUri: url, contentType: SIGNED_GET_MEDIA_TYPE, contentDigest: digest },
      key,
      kid,
      now,
    ),
  };
}
