import { generateKeyPairSync } from 'node:crypto';
import type { DeclarationsService } from '@/modules/jurisdictions/declarations.service';
import { signDetached } from './detached-jws';
import { publicJwkOf } from './jwk';
import type { PeerClient } from './peer-client';
import { PeerDeclarationsService } from './peer-declarations.service';
import type { PeersRepository } from './peers.repository';

const PEER_ID = '11111111-0000-4000-8000-000000000001';
const ORIGIN = 'https://coop.bmj.example';
const WRITER = {
  userId: '00000000-0000-4000-8000-000000000009',
  authorityId: null,
  roles: [],
  name: 'Admin',
};

async function setup(
  opts: { status?: string; sign?: 'pinned' | 'other'; body?: Record<string, unknown> } = {},
) {
  const pinned = generateKeyPairSync('ed25519').privateKey;
  const other = generateKeyPairSync('ed25519').privateKey;
  const jwk = publicJwkOf(pinned);
  const body = {
    v: 1,
    origin: ORIGIN,
    country: 'AUT',
    version: 4,
    hash: 'ab'.repeat(32),
    writtenAt: '2026-03-01T10:00:00.000Z',
    declarations: { languages: ['de'] },
    issuedAt: '2026-03-02T10:00:00.000Z',
    ...opts.body,
  };
  const signer = opts.sign === 'other' ? other : pinned;
  const signature = await signDetached(
    body,
    signer,
    opts.sign === 'other' ? publicJwkOf(other).kid : jwk.kid,
  );
  const repository = {
    list: jest.fn(() =>
      Promise.resolve([
        {
          id: PEER_ID,
          origin: ORIGIN,
          country: 'AUT',
          status: opts.status ?? 'PINNED',
          keyState: { currentKey: jwk },
        },
      ]),
    ),
  };
  const client = { getJson: jest.fn(() => Promise.resolve({ ok: true, body: { ...body, signature } })) };
  const declarations = { importRecord: jest.fn(() => Promise.resolve({ country: 'AUT', version: 1 })) };
  const sut = new PeerDeclarationsService(
    repository as unknown as PeersRepository,
    client as unknown as PeerClient,
    declarations as unknown as DeclarationsService,
  );
  return { sut, client, declarations, kid: jwk.kid };
}

describe('PeerDeclarationsService', () => {
  it("should import a pinned peer's declarations signed by its pinned key, noting where they came from", async () => {
    const { sut, client, declarations, kid } = await setup();
    await expect(sut.importFrom(PEER_ID, WRITER)).resolves.toEqual({ country: 'AUT', version: 1 });
    expect(client.getJson).toHaveBeenCalledWith(`${ORIGIN}/federation/v1/declarations`);
    expect(declarations.importRecord).toHaveBeenCalledWith(
      'AUT',
      { languages: ['de'] },
      `fetched from ${ORIGIN} (version 4 there), signed by ${kid}`,
      WRITER,
    );
  });

  it.each([
    ['signed by another key', { sign: 'other' as const }, /signature does not verify/],
    ['for another State', { body: { country: 'VNM' } }, /country must be the peer's State, AUT/],
    ['for another origin', { body: { origin: 'https://evil.example' } }, /origin must be/],
    ['from a peer not pinned', { status: 'SUSPENDED' }, /only a pinned peer/],
  ])('should refuse declarations %s, writing nothing', async (_what, opts, message) => {
    const { sut, declarations } = await setup(opts);
    const attempt = sut.importFrom(PEER_ID, WRITER);
    await expect(attempt).rejects.toMatchObject({
      code: 'PEER_DECLARATIONS_INVALID',
      details: [
        { field: 'declarations', messages: expect.arrayContaining([expect.stringMatching(message)]) },
      ],
    });
    expect(declarations.importRecord).not.toHaveBeenCalled();
  });

  it('should answer 404 for an unknown peer', async () => {
    const { sut } = await setup();
    await expect(sut.importFrom('22222222-0000-4000-8000-000000000002', WRITER)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
