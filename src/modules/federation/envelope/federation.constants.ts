/** The queue of cross-node work: sending envelopes, applying received ones. */
export const FEDERATION_QUEUE = 'federation';

export const FederationJob = {
  Send: 'federation-send',
  Apply: 'federation-apply',
} as const;

export const INBOX_PATH = '/federation/v1/inbox';
