import { DomainError, type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { fakeRequest } from '@/test-utils/machine-fixtures';
import type { CooperationRequest } from '@/workflows';
import { assertExtraditable, type ExtraditionOffenceDetails, MIN_PENALTY_MONTHS } from './extradition.guards';

/*
 * DOMAIN.md 2.4 and 3.9: the offence must be punishable in both States (dual criminality, UNTOC 16(1)),
 * by a maximum of at least one year (UN 37(1); Budapest 24(1)(a)). Accompanying offences below the
 * threshold may ride along (UNTOC 16(2)), but a request of accessory offences only is not extraditable.
 */
const principal = (over: Partial<ExtraditionOffenceDetails> = {}): ExtraditionOffenceDetails => ({
  description: 'Illegal access',
  maxPenaltyMonthsRequesting: 24,
  maxPenaltyMonthsRequested: 36,
  dualCriminality: true,
  ...over,
});

const accessory = (over: Partial<ExtraditionOffenceDetails> = {}): ExtraditionOffenceDetails => ({
  description: 'Possession of a password list',
  maxPenaltyMonthsRequesting: 3,
  maxPenaltyMonthsRequested: 6,
  dualCriminality: true,
  accessory: true,
  ...over,
});

function withOffences(offences: unknown): CooperationRequest {
  return fakeRequest({
    channel: 'extradition',
    status: 'DRAFT',
    details: offences === undefined ? {} : { offences },
  });
}

/** The error assertExtraditable throws, or null when it passes. */
function problemsOf(offences: unknown): ValidationFailedError | null {
  try {
    assertExtraditable(withOffences(offences));
    return null;
  } catch (e) {
    if (e instanceof ValidationFailedError) {
      return e;
    }
    throw e;
  }
}

const fields = (offences: unknown): string[] =>
  ((problemsOf(offences)?.details ?? []) as FieldProblem[]).map((p) => p.field);

describe('assertExtraditable', () => {
  it('should set the threshold at one year', () => {
    expect(MIN_PENALTY_MONTHS).toBe(12);
  });

  it('should accept one principal offence punishable by at least a year in both States', () => {
    expect(() => assertExtraditable(withOffences([principal()]))).not.toThrow();
  });

  it('should accept several principal offences with accessory ones', () => {
    expect(fields([principal(), accessory(), principal({ description: 'Fraud' }), accessory()])).toEqual([]);
  });

  describe('the one-year threshold (boundary 11/12 months)', () => {
    it.each([
      { requesting: 12, requested: 12, bad: [] },
      { requesting: 13, requested: 1200, bad: [] },
      { requesting: 11, requested: 12, bad: ['details.offences[0].maxPenaltyMonthsRequesting'] },
      { requesting: 12, requested: 11, bad: ['details.offences[0].maxPenaltyMonthsRequested'] },
      {
        requesting: 11,
        requested: 11,
        bad: [
          'details.offences[0].maxPenaltyMonthsRequesting',
          'details.offences[0].maxPenaltyMonthsRequested',
        ],
      },
      {
        requesting: 0,
        requested: 0,
        bad: [
          'details.offences[0].maxPenaltyMonthsRequesting',
          'details.offences[0].maxPenaltyMonthsRequested',
        ],
      },
      { requesting: 11.99, requested: 12, bad: ['details.offences[0].maxPenaltyMonthsRequesting'] },
    ])(
      'should treat $requesting months (requesting) and $requested months (requested) as naming $bad',
      ({ requesting, requested, bad }) => {
        expect(
          fields([
            principal({ maxPenaltyMonthsRequesting: requesting, maxPenaltyMonthsRequested: requested }),
          ]),
        ).toEqual(bad);
      },
    );

    it.each(['maxPenaltyMonthsRequesting', 'maxPenaltyMonthsRequested'] as const)(
      'should count a missing %s as below the threshold',
      (key) => {
        expect(fields([principal({ [key]: undefined })])).toEqual([`details.offences[0].${key}`]);
      },
    );

    it('should say that a principal offence needs a year in both States and may be marked accessory', () => {
      const err = problemsOf([principal({ maxPenaltyMonthsRequested: 11 })]);
      const messages = ((err?.details ?? []) as FieldProblem[]).flatMap((p) => p.messages).join(' ');
      expect(messages).toContain('at least 12 months in both States');
      expect(messages).toContain('art. 37(1)');
      expect(messages).toContain('accessory');
    });

    it('should name the exact offence among several', () => {
      expect(
        fields([
          principal(),
          principal({ description: 'Fraud' }),
          principal({ maxPenaltyMonthsRequested: 11 }),
        ]),
      ).toEqual(['details.offences[2].maxPenaltyMonthsRequested']);
    });
  });

  describe('dual criminality', () => {
    it.each([
      { dualCriminality: false, why: 'denied' },
      { dualCriminality: undefined, why: 'not stated' },
    ])('should reject a principal offence whose dual criminality is $why', ({ dualCriminality }) => {
      expect(fields([principal({ dualCriminality })])).toEqual(['details.offences[0].dualCriminality']);
    });

    it('should not take a truthy non-boolean for an assertion of dual criminality', () => {
      expect(fields([principal({ dualCriminality: 'yes' as unknown as boolean })])).toEqual([
        'details.offences[0].dualCriminality',
      ]);
    });

    it('should demand dual criminality of accessory offences too', () => {
      expect(fields([principal(), accessory({ dualCriminality: false })])).toEqual([
        'details.offences[1].dualCriminality',
      ]);
    });

    it('should name every offence that lacks it, in order', () => {
      expect(
        fields([principal({ dualCriminality: false }), principal(), accessory({ dualCriminality: false })]),
      ).toEqual(['details.offences[0].dualCriminality', 'details.offences[2].dualCriminality']);
    });

    it('should report dual criminality and penalty problems of one offence together', () => {
      expect(fields([principal({ dualCriminality: false, maxPenaltyMonthsRequesting: 6 })])).toEqual([
        'details.offences[0].dualCriminality',
        'details.offences[0].maxPenaltyMonthsRequesting',
      ]);
    });

    it('should explain that the conduct must be an offence in both States', () => {
      const err = problemsOf([principal({ dualCriminality: false })]);
      expect((err?.details as FieldProblem[])[0].messages[0]).toMatch(/offence in both States/);
    });
  });

  describe('accessory offences (UNTOC 16(2))', () => {
    it.each([
      { requesting: 0, requested: 0 },
      { requesting: 11, requested: 11 },
      { requesting: undefined, requested: undefined },
    ])(
      'should exempt an accessory offence of $requesting/$requested months from the threshold',
      ({ requesting, requested }) => {
        expect(
          fields([
            principal(),
            accessory({ maxPenaltyMonthsRequesting: requesting, maxPenaltyMonthsRequested: requested }),
          ]),
        ).toEqual([]);
      },
    );

    it.each([
      { offences: [accessory()], why: 'one accessory offence' },
      {
        offences: [accessory(), accessory({ maxPenaltyMonthsRequesting: 24 })],
        why: 'two accessory offences',
      },
    ])('should demand at least one principal offence ($why)', ({ offences }) => {
      expect(fields(offences)).toEqual(['details.offences']);
      const err = problemsOf(offences);
      expect((err?.details as FieldProblem[])[0].messages[0]).toMatch(
        /at least one offence must be a principal/,
      );
    });

    it('should treat accessory: false as a principal offence', () => {
      expect(fields([principal({ accessory: false })])).toEqual([]);
      expect(fields([principal({ accessory: false, maxPenaltyMonthsRequested: 11 })])).toEqual([
        'details.offences[0].maxPenaltyMonthsRequested',
      ]);
    });

    it('should report both the missing principal and the accessory offence without dual criminality', () => {
      expect(fields([accessory({ dualCriminality: false })])).toEqual([
        'details.offences[0].dualCriminality',
        'details.offences',
      ]);
    });
  });

  describe('the error', () => {
    it('should be a 400 with the code NOT_EXTRADITABLE and every problem as details', () => {
      const err = problemsOf([
        principal({ maxPenaltyMonthsRequesting: 11 }),
        accessory({ dualCriminality: false }),
      ]);
      expect(err).toBeInstanceOf(DomainError);
      expect(err?.code).toBe('NOT_EXTRADITABLE');
      expect(err?.kind).toBe('invalid');
      expect(err?.details).toEqual([
        {
          field: 'details.offences[0].maxPenaltyMonthsRequesting',
          messages: [expect.stringContaining('12 months')],
        },
        {
          field: 'details.offences[1].dualCriminality',
          messages: [expect.stringContaining('dual criminality')],
        },
      ]);
    });

    it('should name each field with its first message in the error message', () => {
      const err = problemsOf([principal({ maxPenaltyMonthsRequested: 11, dualCriminality: false })]);
      expect(err?.message).toMatch(
        /^details\.offences\[0\]\.dualCriminality: dual criminality must be asserted/,
      );
      expect(err?.message).toContain('; details.offences[0].maxPenaltyMonthsRequested: a principal offence');
    });
  });

  describe('no offences (the completeness check names them)', () => {
    it.each([
      { offences: undefined, why: 'absent' },
      { offences: null, why: 'null' },
      { offences: [], why: 'empty' },
    ])('should not throw when the offences are $why', ({ offences }) => {
      expect(problemsOf(offences)).toBeNull();
    });
  });
});
