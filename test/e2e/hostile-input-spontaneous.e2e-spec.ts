import { describeChannelHostileInput } from '../support/hostile-channel';
import { DOCUMENTS, offerInStatus, spontaneousBody } from '../support/spontaneous';

/**
 * Hostile input on the spontaneous information channel's actions and drafts (as hostile-input.e2e-spec does
 * for every route): valid bodies of each action with one field broken, removed or added, random JSON and
 * malformed text, sent by every party to offers in every open state. Never a 5xx; every 4xx names its
 * problem (a 400 VALIDATION_FAILED lists the offending fields); a refused call changes nothing.
 */

/** A valid body for each user action of the channel. */
const VALID: Record<string, Record<string, unknown>> = {
  offer: {},
  'accept-conditions': {},
  'decline-conditions': { reasons: 'Cannot comply', unacceptable: [0] },
  'revise-conditions': { conditions: [{ type: 'USE_LIMIT', text: 'Only for this case' }] },
  transmit: { summary: 'Chat logs', items: DOCUMENTS },
  'transmit-without-conditions': { summary: 'Chat logs', items: DOCUMENTS },
  cancel: { reasons: 'Own proceedings' },
  'log-use': { use: 'no-action', details: 'Nothing to do', proceedingReference: 'R-1' },
  'notify-exculpatory-disclosure': { disclosure: 'A log clears X', disclosureDate: '2026-05-01T10:00:00Z' },
  close: {},
};
describeChannelHostileInput({
  title: 'Hostile input on the spontaneous information channel',
  valid: VALID,
  requests: async (p) => {
    const draft = await offerInStatus(p, 'DRAFT');
    // Delivered offers only: no action on them schedules work, so nothing changes behind a refused call.
    const ids: string[] = [];
    for (const status of [
      'OFFERED',
      'CONDITIONS_ACCEPTED',
      'CONDITIONS_DECLINED',
      'TRANSMITTED',
      'USE_LOGGED',
    ]) {
      ids.push(await offerInStatus(p, status), await offerInStatus(p, status));
    }
    return { ids, draft };
  },
  draftBody: (p) => spontaneousBody(p.aut.authorityId),
  nestedDetails: (details, value) => ({ ...details, proceeds: [{ description: value, currency: value }] }),
});
