/**
 * Sample request bodies: complete drafts of each channel and a results payload, shared by the benchmarks,
 * the chaos run and the e2e tests. Pure data builders: nothing here talks to the engine.
 */

/** A complete MLA draft (every mandatory field), distinct per `n`. */
export function mlaDraft(requestedAuthorityId: string, n: number): Record<string, unknown> {
  return {
    channel: 'mla',
    requestedAuthorityId,
    urgency: n % 10 === 0 ? 'urgent' : 'normal',
    language: 'en',
    subject: `Ransomware attack on a hospital network (case ${n})`,
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: 'The hospital network was encrypted; the ransom note named a mailbox hosted abroad.',
    assistanceSought: 'Subscriber information and access logs for the mailbox.',
    purpose: 'Identify the operators of the mailbox.',
    personsConcerned: [{ name: `Unknown holder of mailbox ${n}`, role: 'suspect' }],
    confidential: false,
    details: {
      assistanceTypes: ['subscriber-info', 'traffic-data'],
      items: [{ type: 'email-account', value: `ops-${n}@example.at` }],
    },
  };
}

/**
 * A complete preservation draft (art. 42 contents, intent to follow up with an MLA request), distinct per
 * `n`. Toward a 24/7 point of contact it is urgent by default.
 */
export function preservationDraft(requestedAuthorityId: string, n: number): Record<string, unknown> {
  return {
    channel: 'preservation',
    requestedAuthorityId,
    language: 'en',
    subject: `Ransomware attack on a hospital network (case ${n})`,
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: 'The ransom note named a mailbox hosted by a provider in the requested State.',
    details: {
      dataToPreserve: `Subscriber data and access logs of ops-${n}@example.at, 1-20 March 2026`,
      relationToOffence: 'The mailbox was used to negotiate the ransom',
      custodian: 'Example Mail GmbH',
      necessity: 'The provider deletes access logs after 90 days',
      intentToRequestMla: true,
      doNotNotifyUser: true,
    },
  };
}

/**
 * A complete extradition draft (art. 37: person sought, an offence punishable by at least one year in both
 * States with dual criminality, the warrant, grounds for a provisional arrest), distinct per `n`.
 * `national`: the person sought is a national of the requested State (`nationality`).
 */
export function extraditionDraft(
  requestedAuthorityId: string,
  n: number,
  national?: { nationality: string },
): Record<string, unknown> {
  return {
    channel: 'extradition',
    requestedAuthorityId,
    urgency: 'urgent',
    language: 'en',
    subject: `Ransomware attack on a hospital network (case ${n})`,
    factsSummary:
      'The person sought operated the ransomware infrastructure used against the hospital network.',
    details: {
      personSought: {
        name: `Person sought ${n}`,
        dateOfBirth: '1990-04-01',
        nationalities: [national?.nationality ?? 'DEU'],
        probableLocation: 'Vienna',
      },
      offences: [
        {
          description: 'Interference with a computer system',
          requestingStateProvision: 'Penal Code (VNM) art. 287',
          requestedStateProvision: 'StGB (AUT) § 126b',
          maxPenaltyMonthsRequesting: 84,
          maxPenaltyMonthsRequested: 24,
          dualCriminality: true,
        },
      ],
      warrant: {
        kind: 'arrest-warrant',
        reference: `HN-2026-${n}`,
        date: '2026-03-20',
        issuingAuthority: 'People’s Court of Ha Noi',
      },
      nationalOfRequestedState: national !== undefined,
      provisionalArrestGrounds: 'Flight risk: the person holds tickets to leave the country on 1 April',
    },
  };
}

/**
 * A complete 24/7 network ticket (art. 41: the help sought, in a language of the point of contact), distinct
 * per `n`. Urgent by default.
 */
export function contactDraft(requestedAuthorityId: string, n: number): Record<string, unknown> {
  return {
    channel: 'contact-24-7',
    requestedAuthorityId,
    language: 'en',
    subject: `Ransomware attack on a hospital network (case ${n})`,
    assistanceSought: `Where is the provider of ops-${n}@example.at, and can it preserve the access logs?`,
    details: {
      assistanceTypes: ['provider-location', 'technical-advice'],
      callback: '+84 24 0000 0000 (duty desk)',
    },
  };
}

export const RESULTS_PAYLOAD = {
  final: true,
  summary: 'Subscriber data and access logs',
  items: [{ name: 'subscriber.pdf', sha256: 'c'.repeat(64), size: 48213 }],
};

/**
 * A complete spontaneous information offer (art. 40; with `proceeds`, art. 51), distinct per `n`: what the
 * information is, why it may help, and the conditions set before sending.
 */
export function spontaneousDraft(
  requestedAuthorityId: string,
  n: number,
  proceeds = false,
): Record<string, unknown> {
  return {
    channel: 'spontaneous',
    requestedAuthorityId,
    language: 'en',
    subject: `Ransomware group targeting hospitals (case ${n})`,
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: 'Servers of the group seized in the sending State held chat logs naming targets abroad.',
    details: {
      kind: proceeds ? 'proceeds-of-crime' : 'criminal-matter',
      informationSummary: `Chat logs in which the group plans an attack on a hospital in the receiving State (${n})`,
      usefulFor: ['start-inquiry', 'prompt-request'],
      conditions: [
        { type: 'CONFIDENTIALITY', text: 'Do not reveal the source or the seizure' },
        { type: 'USE_LIMIT', text: 'Only for the investigation of this group' },
      ],
      ...(proceeds
        ? {
            proceeds: [
              {
                description: `Wallet bc1q-${n} holding ransom payments`,
                estimatedValue: 250000,
                currency: 'EUR',
              },
            ],
          }
        : {}),
    },
  };
}

/**
 * A complete confiscation draft (art. 50(3) contents), distinct per `n`: a freeze request (art. 50(2)) with a
 * copy of the requesting State's freezing order, or one that starts at confiscation by enforcing the
 * requesting State's final order (art. 50(1)(b)), with a request for return to the victims (art. 52).
 */
export function confiscationDraft(
  requestedAuthorityId: string,
  n: number,
  measure: 'freeze-seize' | 'confiscation' = 'freeze-seize',
): Record<string, unknown> {
  const order = (kind: string) => ({
    issuingAuthority: 'Hanoi People’s Court',
    reference: `${kind}-${n}/2026`,
    issuedOn: '2026-02-10T00:00:00Z',
    copy: { name: `${kind.toLowerCase()}-order-${n}.pdf`, sha256: 'ab'.repeat(32), size: 48211 },
  });
  return {
    channel: 'confiscation',
    requestedAuthorityId,
    language: 'en',
    subject: `Online investment fraud: proceeds held abroad (case ${n})`,
    proceedingType: 'prosecution',
    offences: [
      { provision: 'Penal Code art. 174', conventionArticle: 13, description: 'Computer-related fraud' },
    ],
    factsSummary:
      'Victims paid into a fake trading platform; the money went on to an account and a wallet abroad.',
    assistanceSought: 'Freeze the account and the wallet for later confiscation.',
    purpose: 'Confiscate the proceeds and return them to the victims.',
    details: {
      measure,
      properties: [
        {
          description: `Account AT61 1904 3002 3457 ${String(3200 + n)}`,
          kind: 'bank-account',
          location: 'Bank in Vienna',
          estimatedValue: 250000,
          currency: 'EUR',
          holder: 'Shell company of the suspects',
        },
        { description: `Wallet bc1q-${n}`, kind: 'virtual-asset', location: 'Exchange in Vienna' },
      ],
      ...(measure === 'freeze-seize'
        ? { orderIssued: true, freezeOrder: order('FRZ') }
        : {
            confiscation: {
              type: 'enforce-order',
              order: order('CNF'),
              extentOfExecution: 'The whole balance of the account and the wallet.',
              thirdPartyNotice: 'The account holder and the bank were served; no claim was made.',
              orderIsFinal: true,
              returnRequest: { purpose: 'compensate-victims', particulars: '312 victims, listed in annex 2' },
            },
          }),
    },
  };
}
