import { generateKeyPairSync } from 'node:crypto';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { publicJwkOf } from '../jwk';
import { contentDigest, signMessage } from './http-signature';
import { headerReader, verifyPeerSignature } from './peer-signature';

const URL = 'https://coop.moj.example/federation/v1/blobs/sha256/' + 'a'.repeat(64);
const TYPE = 'application/coop-envelope+json';

describe('verifyPeerSignature: a request signed by one of the peers', () => {
  const aKey = generateKeyPairSync('ed25519').privateKey;
  const bKey = generateKeyPairSync('ed25519').privateKey;
  const a = { origin: 'https://a.example' } as FederationPeer;
  const b = { origin: 'https://b.example' } as FederationPeer;
  const keys = new Map([
    [a, [publicJwkOf(aKey)]],
    [b, [publicJwkOf(bKey)]],
  ]);
  const digest = contentDigest('');

  function signedBy(key: typeof aKey, targetUri = URL) {
    return {
      'content-type': TYPE,
      'content-digest': digest,
      ...signMessage(
        { method: 'GET', targetUri, contentType: TYPE, contentDigest: digest },
        key,
        publicJwkOf(key).kid,
      ),
    };
  }

  const verify = (headers: Record<string, string>, peers = [a, b]) =>
    verifyPeerSignature({
      method: 'GET',
      targetUri: URL,
      body: '',
      header: headerReader(headers),
      peers,
      keysOf: (p) => keys.get(p) ?? [],
      now: new Date(),
      skewS: 300,
    });

  it('should name the peer whose accepted key signed it', () => {
    const { result, sender } = verify(signedBy(bKey));
    expect(result.ok).toBe(true);
    expect(sender).toBe(b);
  });

  it('should refuse a key no listed peer holds (UNKNOWN_PEER, no sender)', () => {
    const { result, sender } = verify(signedBy(bKey), [a]);
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_PEER' });
    expect(sender).toBeUndefined();
  });

  it("should name the key's peer though the signature covers another target URI", () => {
    const { result, sender } = verify(signedBy(aKey, 'https://elsewhere.example/federation/v1/blobs/x'));
    expect(result).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(sender).toBe(a);
  });
});

describe('headerReader', () => {
  it('should join a repeated header with ", " and give undefined for an absent one', () => {
    const header = headerReader({ accept: ['a', 'b'], range: 'bytes=0-1' });
    expect([header('accept'), header('range'), header('if-range')]).toEqual(['a, b', 'bytes=0-1', undefined]);
  });
});
