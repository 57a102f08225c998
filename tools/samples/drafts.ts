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

/**
 * A complete transfer proposal (art. 38 sentenced person; with `proceedings`, art. 39 criminal proceedings),
 * distinct per `n`, proposed by the sentencing / transferring State: the arrangement, the person, the
 * judgment and the sentence with the time served, or the case, the reasons and the file.
 */
export function transferDraft(
  requestedAuthorityId: string,
  n: number,
  proceedings = false,
): Record<string, unknown> {
  return {
    channel: 'transfer',
    requestedAuthorityId,
    language: 'en',
    subject: proceedings
      ? `Transfer of the proceedings against a phishing ring (case ${n})`
      : `Transfer of a sentenced ransomware operator (case ${n})`,
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: proceedings
      ? 'Both States investigate the same ring; most suspects and victims are in the receiving State.'
      : 'Convicted of attacks on hospital networks; a national of the administering State, who asked to serve the sentence at home.',
    details: proceedings
      ? {
          kind: 'proceedings',
          proposerRole: 'transferring-state',
          legalBasis: 'UNCC art. 39 (arrangement between the central authorities)',
          proceedingsCase: {
            reference: `HN-ST-${n}/26`,
            authority: 'People’s Procuracy of Ha Noi',
            stage: 'prosecution',
          },
          reasons: ['concurrent-jurisdiction', 'suspect-in-receiving-state'],
          reasonsExplanation: 'The suspects live in the receiving State and the servers were seized there.',
          consultation: {
            held: true,
            date: '2026-02-10',
            summary: 'Art. 22 consultation: the receiving State prosecutes',
          },
          caseFile: {
            description: 'Investigation file with the seized server images',
            volumes: 3,
            pages: 740,
          },
        }
      : {
          kind: 'sentenced-person',
          proposerRole: 'sentencing-state',
          legalBasis: 'Bilateral treaty on the transfer of sentenced persons (2014)',
          sentencedPerson: {
            name: `Franz Huber ${n}`,
            nationalities: ['AUT'],
            dateOfBirth: '1988-05-02',
            identityDocument: 'Passport P1234567',
            heldAt: 'Hoa Lo detention centre, Ha Noi',
          },
          judgment: {
            court: 'People’s Court of Ha Noi',
            date: '2025-09-15',
            reference: `HN-${n}/2025`,
            final: true,
          },
          sentence: {
            description: '5 years imprisonment',
            lengthDays: 1826,
            enforcementStartDate: '2025-01-10',
            servedDays: 420,
            remainingDays: 1406,
          },
          consentRequired: true,
        },
  };
}

/** An art. 44 item of an MLA request (stored data): the data, the system, the period, the measure sought. */
export function storedDataItem(n: number): Record<string, unknown> {
  return {
    kind: 'stored-data',
    type: 'email-account',
    value: `ops-${n}@example.at`,
    dataDescription: 'Mailbox contents and the login records of the account',
    dataCategories: ['traffic', 'content'],
    provider: 'Example Mail GmbH',
    system: 'Mail servers of Example Mail GmbH',
    systemLocation: 'Vienna, Austria',
    periodFrom: '2026-03-01T00:00:00Z',
    periodTo: '2026-03-15T00:00:00Z',
    measures: ['search-or-access', 'seize-or-secure', 'disclose'],
  };
}

/** A complete MLA draft for stored computer data (art. 44), as after a preservation, distinct per `n`. */
export function mlaStoredDataDraft(requestedAuthorityId: string, n: number): Record<string, unknown> {
  return {
    ...mlaDraft(requestedAuthorityId, n),
    assistanceSought: 'Search, secure and disclose the preserved mailbox contents and login records.',
    details: { assistanceTypes: ['stored-data'], items: [storedDataItem(n)] },
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
 * A complete request for real-time collection of traffic data (art. 45) or, with `measure: 'content-data'`,
 * interception of content data (art. 46; then confidential by force), distinct per `n`: the contents of
 * arts 45(3) and 46(2), and a collection period of `days` starting now.
 */
export function realTimeCollectionDraft(
  requestedAuthorityId: string,
  n: number,
  measure: 'traffic-data' | 'content-data' = 'traffic-data',
  days = 30,
): Record<string, unknown> {
  const start = Date.now();
  return {
    channel: 'real-time-collection',
    requestedAuthorityId,
    language: 'en',
    subject: `Intrusions into hospital networks coordinated by phone (case ${n})`,
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 286',
        conventionArticle: 7,
        description: 'Illegal access to a computer system',
      },
    ],
    factsSummary:
      'The group coordinates each intrusion by calls and messages from a number of the requested State.',
    personsConcerned: [{ name: `Unknown user of +43 660 ${String(n).padStart(6, '0')}`, role: 'suspect' }],
    confidential: measure === 'content-data',
    details: {
      measure,
      requestingAuthority: 'Investigation Police Agency, Ministry of Public Security',
      targetData: `${measure === 'content-data' ? 'Content' : 'Traffic data'} of the communications of +43 660 ${String(n).padStart(6, '0')}`,
      relationToOffence: 'The number is used to coordinate the intrusions in real time',
      ownerUserOrLocation: 'Prepaid SIM; user unknown; last located in Vienna',
      identifiers: [
        {
          type: 'phone-number',
          value: `+43 660 ${String(n).padStart(6, '0')}`,
          provider: 'Example Mobile AG',
        },
      ],
      justification: 'Only live data shows whom the group contacts before the next intrusion',
      periodStart: new Date(start).toISOString(),
      periodEnd: new Date(start + days * 86400000).toISOString(),
      periodJustification: 'The group announced its next intrusion within the month',
    },
  };
}

/** A batch of collected data (real-time collection), each document with its SHA-256. */
export const SAMPLE_BATCH = {
  summary: 'Call detail records, first week',
  items: [{ name: 'cdr-week-1.csv', sha256: 'e'.repeat(64), size: 20480 }],
};

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
 * A complete joint investigation team proposal to `requestedAuthorityId` and the further parties, starting
 * today (UTC) for six months; one leader per party.
 */
export function jointInvestigationDraft(
  requestedAuthorityId: string,
  additionalPartyIds: string[],
  proposerAuthorityId: string,
  n: number,
): Record<string, unknown> {
  const today = new Date().toISOString().slice(0, 10);
  const end = new Date(Date.now() + 182 * 86400000).toISOString().slice(0, 10);
  const parties = [proposerAuthorityId, requestedAuthorityId, ...additionalPartyIds];
  return {
    channel: 'joint-investigation',
    requestedAuthorityId,
    additionalPartyIds,
    language: 'en',
    subject: `Botnet renting out access to hospital networks (team ${n})`,
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary:
      'Command servers of one botnet are in three States; victims in all of them; one team can follow it whole.',
    details: {
      legalBasis: 'convention-art-48',
      terms: {
        purpose: `Identify the operators of the botnet and its command servers (${n})`,
        startDate: today,
        endDate: end,
        location: 'The territories of the parties; coordination meetings by video',
        members: parties.map((id, i) => ({
          partyAuthorityId: id,
          name: `Team leader ${i + 1}`,
          function: 'Prosecutor',
          role: 'leader',
        })),
        useOfInformation: 'Only for the investigations and prosecutions named in the agreement',
        costs: 'Each party bears the costs of its own members',
      },
    },
  };
}
