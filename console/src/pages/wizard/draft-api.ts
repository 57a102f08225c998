// The wizard's calls: the draft is created by the first "Save and continue" (POST /v1/requests), changed by the
// later ones (PATCH with If-Match: its ETag, "<version>"), given documents (multipart POST), then submitted.
import { csrfHeaders, notifyUnauthenticated, type Attachment, type RequestDetail } from '../../api/client';
import { toProblem } from '../../api/errors';
import { rawJson, type RawResult } from '../../api/raw';

const etag = (version: number) => `"${version}"`;

export function loadDraft(id: string): Promise<RawResult<RequestDetail>> {
  return rawJson<RequestDetail>('GET', `/v1/requests/${encodeURIComponent(id)}`);
}

export function createDraft(body: Record<string, unknown>): Promise<RawResult<RequestDetail>> {
  return rawJson<RequestDetail>('POST', '/v1/requests', body);
}

export function saveDraft(
  draft: RequestDetail,
  body: Record<string, unknown>,
): Promise<RawResult<RequestDetail>> {
  return rawJson<RequestDetail>('PATCH', `/v1/requests/${encodeURIComponent(draft.id)}`, body, {
    'If-Match': etag(draft.version),
  });
}

export function perform(draft: RequestDetail, action: string): Promise<RawResult<RequestDetail>> {
  return rawJson<RequestDetail>(
    'POST',
    `/v1/requests/${encodeURIComponent(draft.id)}/actions/${encodeURIComponent(action)}`,
    {},
    { 'If-Match': etag(draft.version) },
  );
}

export function listDocuments(id: string): Promise<RawResult<Attachment[]>> {
  return rawJson<Attachment[]>('GET', `/v1/requests/${encodeURIComponent(id)}/attachments`);
}

/** POST /v1/requests/:id/attachments as multipart/form-data (the browser sets the boundary). */
export async function uploadDocument(
  id: string,
  file: File,
  kind: string,
  description: string,
): Promise<RawResult<Attachment>> {
  const form = new FormData();
  form.append('kind', kind);
  if (description) {
    form.append('description', description);
  }
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/v1/requests/${encodeURIComponent(id)}/attachments`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfHeaders('POST'),
      body: form,
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'NETWORK', message: '', fields: [] } };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // no JSON body
  }
  if (res.status === 401) {
    notifyUnauthenticated();
  }
  return res.ok
    ? { ok: true, data: json as Attachment }
    : { ok: false, problem: toProblem(res.status, json) };
}

/** The file's SHA-256 computed in this browser (hex), to compare with the engine's. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
