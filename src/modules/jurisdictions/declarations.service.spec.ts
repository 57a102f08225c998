import { fakeRequest } from '@/test-utils/machine-fixtures';
import { extraditionDeclarationChecks } from '@/modules/extradition/extradition.channel';
import { preservationDeclarationChecks } from '@/modules/preservation/preservation.channel';
import { StateDeclarationVersion } from './entities/state-declaration-version.entity';
import { declarationVersionHash, declaredRulesOf, normalise } from './declarations.service';

const declared = { country: 'AUT', version: 3 };

describe('the declarations register', () => {
  describe('normalise', () => {
    it('should keep the declared fields only, lists sorted, null and absent alike not declared', () => {
      expect(
        normalise({
          languages: ['en', 'de'],
          interceptionOffences: [11, 7],
          channels: null,
          dualCriminalityForPreservation: false,
          reservations: [{ article: 11, paragraph: 3, text: 'x' }],
        }),
      ).toEqual({
        languages: ['de', 'en'],
        dualCriminalityForPreservation: false,
        interceptionOffences: [7, 11],
        reservations: [{ article: 11, paragraph: 3, text: 'x' }],
      });
      expect(normalise({})).toEqual({});
    });
  });

  describe('declaredRulesOf', () => {
    it('should give the engine what it checks, leaving out what was not declared', () => {
      expect(declaredRulesOf('AUT', 2, { languages: ['de'], conventionAsExtraditionBasis: false })).toEqual({
        country: 'AUT',
        version: 2,
        languages: ['de'],
        conventionAsExtraditionBasis: false,
      });
      expect(declaredRulesOf('NOR', 0, {})).toEqual({ country: 'NOR', version: 0 });
    });
  });

  describe('declarationVersionHash', () => {
    const base: Omit<StateDeclarationVersion, 'id' | 'hash'> = Object.assign(new StateDeclarationVersion(), {
      country: 'AUT',
      version: 1,
      record: { languages: ['de'] },
      source: 'declarations' as const,
      note: null,
      writtenByUserId: '00000000-0000-4000-8000-000000000001',
      writtenByName: 'Admin',
      writtenAt: new Date('2026-03-01T10:00:00.000Z'),
      prevHash: null,
    });

    it('should be a stable SHA-256 over every field, changed by any of them and by the chain', () => {
      const h = declarationVersionHash(base);
      expect(h).toMatch(/^[0-9a-f]{64}$/);
      expect(declarationVersionHash({ ...base })).toBe(h);
      expect(declarationVersionHash({ ...base, record: { languages: ['en'] } })).not.toBe(h);
      expect(declarationVersionHash({ ...base, prevHash: h })).not.toBe(h);
      expect(declarationVersionHash({ ...base, writtenByName: 'Other' })).not.toBe(h);
    });
  });

  describe("the channels' declaration checks", () => {
    it('should refuse extradition on the Convention only to a State that declared it does not use it', () => {
      const onConvention = fakeRequest({ channel: 'extradition', details: { legalBasis: 'convention' } });
      expect(
        extraditionDeclarationChecks(onConvention, { ...declared, conventionAsExtraditionBasis: false }),
      ).toEqual([
        { field: 'declarations.conventionAsExtraditionBasis', messages: [expect.stringContaining('AUT')] },
      ]);
      expect(
        extraditionDeclarationChecks(onConvention, { ...declared, conventionAsExtraditionBasis: true }),
      ).toEqual([]);
      expect(extraditionDeclarationChecks(onConvention, declared)).toEqual([]);
      const onTreaty = fakeRequest({ channel: 'extradition', details: { legalBasis: 'bilateral-treaty' } });
      expect(
        extraditionDeclarationChecks(onTreaty, { ...declared, conventionAsExtraditionBasis: false }),
      ).toEqual([]);
    });

    it('should ask dual criminality for preservation only of a non-Convention offence, when declared', () => {
      const requires = { ...declared, dualCriminalityForPreservation: true };
      const other = [{ provision: 'PC 300', description: 'Fraud' }];
      const convention = [{ provision: 'PC 287', conventionArticle: 10, description: 'Interference' }];
      const req = (offences: object[], details: Record<string, unknown> = {}) =>
        fakeRequest({ channel: 'preservation', offences: offences as never, details });
      expect(preservationDeclarationChecks(req(other), requires).map((p) => p.field)).toEqual([
        'declarations.dualCriminalityForPreservation',
      ]);
      expect(preservationDeclarationChecks(req(other, { dualCriminality: true }), requires)).toEqual([]);
      expect(preservationDeclarationChecks(req(convention), requires)).toEqual([]);
      expect(preservationDeclarationChecks(req(other), declared)).toEqual([]);
      expect(
        preservationDeclarationChecks(req(other), { ...declared, dualCriminalityForPreservation: false }),
      ).toEqual([]);
    });
  });
});
