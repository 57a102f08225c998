import type { ActorRule } from './workflow.types';

/*
 * The "who" of lifecycle table rows: a side of the request and the role its users need. Every channel's
 * table names its actors from these, so that a row reads "requested approver" the same way everywhere.
 */
export const requestingOfficer: ActorRule = { side: 'requesting', roles: ['officer'] };
export const requestingApprover: ActorRule = { side: 'requesting', roles: ['approver'] };
export const requestedOfficer: ActorRule = { side: 'requested', roles: ['officer'] };
export const requestedApprover: ActorRule = { side: 'requested', roles: ['approver'] };
