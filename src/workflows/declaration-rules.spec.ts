import { fakeRequest } from '@/test-utils/machine-fixtures';
import { channelProblems, declarationProblems, languageProblems } from './declaration-rules';
import type { AuthorityRef } from './ports';
import type { ChannelDefinition, DeclaredRules, SubmissionFacts } from './workflow.types';

const AUT: AuthorityRef = {
  id: 'a',
  code: 'AUT-BMJ-CA',
  country: 'AUT',
  kind: 'central',
  languages: ['de', 'en'],
};
const def = (channel: string, extra: Partial<ChannelDefinition> = {}): ChannelDefinition =>
  ({ channel, missingForSubmission: () => [], ...extra }) as unknown as ChannelDefinition;
const facts = (
  declared: Partial<DeclaredRules> | null,
  certifiedTranslations: string[] = [],
): SubmissionFacts => ({
  declared: declared && { country: 'AUT', version: 1, ...declared },
  certifiedTranslations,
});
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('declaration rules at submission', () => {
  describe('languageProblems', () => {
    it("should check the authority's languages when the State declared none, naming language", () => {
      expect(fields(languageProblems(fakeRequest({ language: 'vi' }), AUT))).toEqual(['language']);
      expect(languageProblems(fakeRequest({ language: 'de' }), AUT)).toEqual([]);
    });

    it("should prefer the State's declared languages and name declarations.languages", () => {
      const problems = languageProblems(fakeRequest({ language: 'en' }), AUT, facts({ languages: ['de'] }));
      expect(problems).toEqual([
        {
          field: 'declarations.languages',
          messages: [expect.stringContaining('AUT declared it accepts requests in de')],
        },
      ]);
      expect(languageProblems(fakeRequest({ language: 'fr' }), AUT, facts({ languages: ['fr'] }))).toEqual(
        [],
      );
    });

    it('should accept a certified translation in an accepted language, not one in another', () => {
      const request = fakeRequest({ language: 'en' });
      expect(languageProblems(request, AUT, facts({ languages: ['de'] }, ['de']))).toEqual([]);
      expect(fields(languageProblems(request, AUT, facts({ languages: ['de'] }, ['fr'])))).toEqual([
        'declarations.languages',
      ]);
      expect(languageProblems(fakeRequest({ language: 'vi' }), AUT, facts(null, ['en']))).toEqual([]);
    });

    it('should check nothing without a language or anything to check it against', () => {
      expect(languageProblems(fakeRequest({ language: null }), AUT, facts({ languages: ['de'] }))).toEqual(
        [],
      );
      expect(languageProblems(fakeRequest({ language: 'vi' }), null)).toEqual([]);
    });
  });

  describe('channelProblems', () => {
    it('should take every channel when the State declared none, and only its channels otherwise', () => {
      expect(channelProblems(def('mla'), facts(null))).toEqual([]);
      expect(channelProblems(def('mla'), facts({ channels: ['mla'] }))).toEqual([]);
      expect(channelProblems(def('mla'), facts({ channels: ['preservation'] }))).toEqual([
        {
          field: 'declarations.channels',
          messages: ['AUT declared it accepts requests on preservation, not mla'],
        },
      ]);
      expect(channelProblems(def('mla'), facts({ channels: [] }))[0].messages[0]).toContain('no channel');
    });
  });

  describe('declarationProblems', () => {
    it("should add the channel's own checks, only when the State declared something", () => {
      const own = jest.fn(() => [{ field: 'declarations.conventionAsExtraditionBasis', messages: ['no'] }]);
      const d = def('extradition', { declarationChecks: own });
      expect(declarationProblems(d, fakeRequest({ language: 'en' }), AUT, facts(null))).toEqual([]);
      expect(own).not.toHaveBeenCalled();
      expect(
        fields(declarationProblems(d, fakeRequest({ language: 'vi' }), AUT, facts({ channels: ['mla'] }))),
      ).toEqual(['declarations.channels', 'language', 'declarations.conventionAsExtraditionBasis']);
    });
  });
});
