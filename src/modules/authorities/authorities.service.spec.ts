import type { ConfigService } from '@nestjs/config';
import { hashToken } from '@/common/auth/token';
import type { AllConfig } from '@/config/all-config.type';
import type { HttpConfig } from '@/config/http.config';
import { autoMock } from '@/test-utils/auto-mock';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';
import type { Authority } from './entities/authority.entity';
import type { User } from './entities/user.entity';

const TOKEN = 'ccr_' + 'x'.repeat(43);
const USER: User = {
  id: '11111111-1111-4111-8111-111111111111',
  authorityId: '22222222-2222-4222-8222-222222222222',
  name: 'VNM officer',
  roles: ['officer'],
  createdAt: new Date(0),
  disabledAt: null,
};
const AUTHORITY: Authority = {
  id: USER.authorityId as string,
  code: 'VNM-MPS-CA',
  name: 'VNM central authority',
  country: 'VNM',
  kind: 'central',
  languages: ['vi', 'en'],
  nodeOrigin: null,
  active: true,
  createdAt: new Date(0),
};

function build(authCacheTtlMs: number) {
  const repository = autoMock(AuthoritiesRepository);
  const config = { get: () => ({ adminToken: undefined }) } as unknown as ConfigService<AllConfig, true>;
  const http: HttpConfig = {
    rateLimitWindowMs: 60000,
    rateLimitPerIp: 100,
    rateLimitPerToken: 100,
    trustProxy: false,
    authCacheTtlMs,
  };
  return { sut: new AuthoritiesService(repository, config, http), repository };
}

describe('AuthoritiesService caches', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should look a valid token up once within the cache time to live', async () => {
    const { sut, repository } = build(2000);
    repository.findUserByTokenHash.mockResolvedValue(USER);
    const first = await sut.authenticate(TOKEN);
    const second = await sut.authenticate(TOKEN);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ userId: USER.id, roles: ['officer'] });
    expect(repository.findUserByTokenHash).toHaveBeenCalledTimes(1);
    expect(repository.findUserByTokenHash).toHaveBeenCalledWith(hashToken(TOKEN));
    // "Last used" is written on the lookup only, not on every cached call.
    expect(repository.touchToken).toHaveBeenCalledTimes(1);
    expect(repository.touchToken).toHaveBeenCalledWith(hashToken(TOKEN));
  });

  it('should ask the database again once the time to live has passed', async () => {
    jest.useFakeTimers({ now: 10_000 });
    const { sut, repository } = build(2000);
    repository.findUserByTokenHash.mockResolvedValue(USER);
    await sut.authenticate(TOKEN);
    jest.setSystemTime(12_001);
    repository.findUserByTokenHash.mockResolvedValue(null);
    expect(await sut.authenticate(TOKEN)).toBeNull();
    expect(repository.findUserByTokenHash).toHaveBeenCalledTimes(2);
  });

  it('should refuse a token at once after its user was revoked through the service', async () => {
    const { sut, repository } = build(60000);
    repository.findUserByTokenHash.mockResolvedValueOnce(USER).mockResolvedValueOnce(null);
    repository.findUserById.mockResolvedValue(USER);
    repository.revokeTokens.mockResolvedValue(1);
    expect(await sut.authenticate(TOKEN)).not.toBeNull();
    expect(await sut.revokeTokens(USER.id)).toEqual({ revoked: 1 });
    expect(await sut.authenticate(TOKEN)).toBeNull();
  });

  it('should never cache an unknown token, so that a token issued elsewhere works at once', async () => {
    const { sut, repository } = build(60000);
    repository.findUserByTokenHash.mockResolvedValueOnce(null).mockResolvedValueOnce(USER);
    expect(await sut.authenticate(TOKEN)).toBeNull();
    expect(await sut.authenticate(TOKEN)).not.toBeNull();
  });

  it('should not let a caller change the cached principal', async () => {
    const { sut, repository } = build(60000);
    repository.findUserByTokenHash.mockResolvedValue(USER);
    const first = await sut.authenticate(TOKEN);
    first?.roles.push('admin');
    expect((await sut.authenticate(TOKEN))?.roles).toEqual(['officer']);
  });

  it('should cache authorities by id and fetch only the missing ones', async () => {
    const { sut, repository } = build(2000);
    const other: Authority = { ...AUTHORITY, id: '33333333-3333-4333-8333-333333333333', code: 'AUT-BMJ-CA' };
    repository.findAuthoritiesByIds.mockResolvedValueOnce([AUTHORITY]).mockResolvedValueOnce([other]);
    expect(await sut.findById(AUTHORITY.id)).toEqual(AUTHORITY);
    const both = await sut.findByIds([AUTHORITY.id, other.id, AUTHORITY.id]);
    expect(both.map((a) => a.code).sort()).toEqual(['AUT-BMJ-CA', 'VNM-MPS-CA']);
    expect(repository.findAuthoritiesByIds.mock.calls).toEqual([[[AUTHORITY.id]], [[other.id]]]);
  });

  it('should go to the database every time with the caches off', async () => {
    const { sut, repository } = build(0);
    repository.findUserByTokenHash.mockResolvedValue(USER);
    repository.findAuthoritiesByIds.mockResolvedValue([AUTHORITY]);
    await sut.authenticate(TOKEN);
    await sut.authenticate(TOKEN);
    await sut.findById(AUTHORITY.id);
    await sut.findById(AUTHORITY.id);
    expect(repository.findUserByTokenHash).toHaveBeenCalledTimes(2);
    expect(repository.findAuthoritiesByIds).toHaveBeenCalledTimes(2);
  });
});
