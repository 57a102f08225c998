/** A complete extradition request body (art. 37) from VNM to `toAuthorityId`. */
export function extraditionBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  return {
    channel: 'extradition',
    requestedAuthorityId: toAuthorityId,
    urgency: 'urgent',
    language: 'en',
    subject: 'Ransomware attack on a hospital network',
    factsSummary:
      'The person sought operated the ransomware infrastructure used against the hospital network.',
    details: {
      personSought: {
        name: 'Max Mustermann',
        dateOfBirth: '1990-04-01',
        nationalities: ['DEU'],
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
        reference: 'HN-2026-117',
        date: '2026-03-20',
        issuingAuthority: 'People’s Court of Ha Noi',
      },
      nationalOfRequestedState: false,
      provisionalArrestGrounds: 'Flight risk: the person holds tickets to leave the country on 1 April',
      ...(details as object | undefined),
    },
    ...rest,
  };
}
