import { extraditionDraft } from '../../tools/samples/drafts';
/** A complete extradition request body (art. 37) from VNM to `toAuthorityId`; `details` merge. */
export function extraditionBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const { details, ...rest } = overrides;
  const base = extraditionDraft(toAuthorityId, 117);
  return { ...base, details: { ...(base.details as object), ...(details as object | undefined) }, ...rest };
}
