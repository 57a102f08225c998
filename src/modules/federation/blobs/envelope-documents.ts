import type { EntityManager } from 'typeorm';
import type { AuditEvent, CooperationRequest } from '@/workflows';
import { SHA256_HEX } from './blob-signature';
import type { DocumentRecord } from './blob-store';

/** An envelope's reference to a document (FEDERATION.md `attachments[]`): files never travel inline. */
export interface AttachmentRef {
  sha256: string;
  size: number;
  mediaType: string;
}

/** What an envelope says of the documents its event refers to. */
export interface EnvelopeDocuments {
  /** `attachments[]`: one per digest. */
  attachments: AttachmentRef[];
  /** `body.documents`: how the document is listed on the request (id, kind, name...), for the receiver. */
  documents: DocumentRecord[];
}

const refOf = (d: { sha256: string; size: number; mediaType: string }): AttachmentRef => ({
  sha256: d.sha256,
  size: d.size,
  mediaType: d.mediaType,
});

function unique(refs: AttachmentRef[]): AttachmentRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.sha256) && seen.add(r.sha256));
}

/** Documents of a request with their metadata (no content), oldest first. */
async function requestDocuments(manager: EntityManager, requestId: string): Promise<DocumentRecord[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, request_id, authority_id, uploaded_by_user_id, kind, filename, media_type, size, sha256, description,
            created_at FROM attachments WHERE request_id = $1 ORDER BY created_at, id`,
    [requestId],
  );
  return rows.map((r) => ({
    id: r.id as string,
    requestId: r.request_id as string,
    authorityId: r.authority_id as string,
    uploadedByUserId: r.uploaded_by_user_id as string,
    kind: r.kind as string,
    filename: r.filename as string,
    mediaType: r.media_type as string,
    size: Number(r.size),
    sha256: (r.sha256 as string).trim(),
    description: (r.description as string | null) ?? null,
    createdAt: new Date(r.created_at as string).toISOString(),
  }));
}

/**
 * In the change's transaction, the documents the envelope of `event` refers to: for the first envelope of a
 * request (it carries the history), every document of the request; for `attach-document`, the document it
 * records (its row is written after the change hooks, so it is read from the event); for a result naming
 * documents (`items[].attachmentId`), those, already listed on both nodes.
 */
export async function documentsOf(
  manager: EntityManager,
  request: CooperationRequest,
  event: AuditEvent,
  first: boolean,
): Promise<EnvelopeDocuments> {
  const documents: DocumentRecord[] = first ? await requestDocuments(manager, request.id) : [];
  const payload = event.payload;
  if (
    event.action === 'attach-document' &&
    typeof payload.attachmentId === 'string' &&
    event.actorAuthorityId
  ) {
    documents.push({
      id: payload.attachmentId,
      requestId: request.id,
      authorityId: event.actorAuthorityId,
      uploadedByUserId: event.actorUserId ?? '',
      kind: String(payload.kind),
      filename: String(payload.filename),
      mediaType: String(payload.mediaType),
      size: Number(payload.size),
      sha256: String(payload.sha256),
      description: null,
      createdAt: event.occurredAt.toISOString(),
    });
  }
  const refs = documents.map(refOf);
  const items = Array.isArray(payload.items) ? (payload.items as { attachmentId?: unknown }[]) : [];
  const named = items.flatMap((i) => (typeof i.attachmentId === 'string' ? [i.attachmentId] : []));
  if (named.length > 0) {
    const rows: { sha256: string; size: number; media_type: string }[] = await manager.query(
      'SELECT sha256, size, media_type FROM attachments WHERE request_id = $1 AND id = ANY($2::uuid[])',
      [request.id, named],
    );
    refs.push(
      ...rows.map((r) => ({ sha256: r.sha256.trim(), size: Number(r.size), mediaType: r.media_type })),
    );
  }
  return { attachments: unique(refs), documents };
}

// --- On arrival: an envelope is untrusted input ---------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The envelope's `attachments[]`, each checked; throws naming the first that is malformed. */
export function attachmentRefsOf(raw: unknown): AttachmentRef[] {
  if (!Array.isArray(raw)) {
    throw new Error('attachments must be a list');
  }
  return raw.map((a, i) => {
    if (
      !isObject(a) ||
      typeof a.sha256 !== 'string' ||
      !SHA256_HEX.test(a.sha256) ||
      !Number.isSafeInteger(a.size) ||
      (a.size as number) < 1 ||
      typeof a.mediaType !== 'string' ||
      !MEDIA_TYPE.test(a.mediaType)
    ) {
      throw new Error(`attachments[${i}] must be { sha256 (64 hex), size (> 0), mediaType }`);
    }
    return { sha256: a.sha256, size: a.size as number, mediaType: a.mediaType };
  });
}

/** The envelope's `body.documents` for this request, each checked and listed in `attachments[]`. */
export function documentRecordsOf(raw: unknown, requestId: string, refs: AttachmentRef[]): DocumentRecord[] {
  if (raw === undefined) {
    return [];
  }
  if (!Array.isArray(raw)) {
    throw new Error('body.documents must be a list');
  }
  return raw.map((d, i) => {
    const ref = isObject(d) ? refs.find((r) => r.sha256 === d.sha256) : undefined;
    const str = (v: unknown, max: number): v is string =>
      typeof v === 'string' && v.length > 0 && v.length <= max;
    if (
      !isObject(d) ||
      !ref ||
      d.size !== ref.size ||
      ![d.id, d.authorityId, d.uploadedByUserId].every((v) => typeof v === 'string' && UUID.test(v)) ||
      !str(d.kind, 32) ||
      !str(d.filename, 255) ||
      !str(d.mediaType, 255) ||
      !(d.description === null || str(d.description, 1000)) ||
      typeof d.createdAt !== 'string' ||
      Number.isNaN(Date.parse(d.createdAt))
    ) {
      throw new Error(`body.documents[${i}] is malformed or not listed in attachments[]`);
    }
    return {
      id: d.id as string,
      requestId,
      authorityId: d.authorityId as string,
      uploadedByUserId: d.uploadedByUserId as string,
      kind: d.kind,
      filename: d.filename,
      mediaType: d.mediaType,
      size: ref.size,
      sha256: ref.sha256,
      description: d.description ?? null,
      createdAt: new Date(d.createdAt).toISOString(),
    };
  });
}
