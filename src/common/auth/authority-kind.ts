/** Kinds of authority in the directory (API.md): central authority, 24/7 point of contact, competent authority. */
export const AUTHORITY_KINDS = ['central', 'contact-24-7', 'competent'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

export const USER_ROLES = ['officer', 'approver', 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type Role = UserRole | 'admin';
