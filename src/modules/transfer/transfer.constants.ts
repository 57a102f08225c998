/**
 * The transfer channel's queue and its own job. These values live in Redis and in the outbox table:
 * renaming one strands the jobs already scheduled under the old name (rename with a data migration).
 */
export const TRANSFER_QUEUE = 'transfer';

export enum TransferJob {
  /** A reminder to the proposer when the counterpart has not answered the proposal (arts 38, 39). */
  ProposalRemind = 'TransferProposalRemind',
}
