import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** What a peer may learn of a document it is entitled to: its size and media type. */
export interface HeldBlob {
  size: number;
  mediaType: string;
}

/** A document's metadata as the sending node recorded it, carried in an envelope's `body.documents`. */
export interface DocumentRecord {
  id: string;
  requestId: string;
  authorityId: string;
  uploadedByUserId: string;
  kind: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  description: string | null;
  createdAt: string;
}

/** Bytes read from the database per query while a document is streamed out. */
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Documents by digest, in plain SQL: the attachments table read by SHA-256 (never a whole document in memory
 * while streaming it out), and the parts of a document being pulled (federation_blob_parts), committed part
 * by part so that a cut transfer resumes where it stopped.
 */
@Injectable()
export class BlobStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The document with that digest, if a request holding it has a party hosted by `peer` and was sent
   * (submitted): what the blob endpoint may answer that peer. Null otherwise, whatever the reason.
   */
  async heldFor(sha256: string, peer: string): Promise<HeldBlob | null> {
    const rows: { size: number; media_type: string }[] = await this.dataSource.query(
      `SELECT a.size, a.media_type FROM attachments a
         JOIN cooperation_requests r ON r.id = a.request_id AND r.submitted_at IS NOT NULL
         JOIN authorities p ON (p.id IN (r.requesting_authority_id, r.requested_authority_id)
                                 OR r.additional_party_ids ? p.id::text)
        WHERE a.sha256 = $1 AND p.node_origin = $2
        LIMIT 1`,
      [sha256, peer],
    );
    return rows[0] ? { size: Number(rows[0].size), mediaType: rows[0].media_type } : null;
  }

  /** Whether this node holds a document with that digest (on any request). */
  async holds(sha256: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM attachments WHERE sha256 = $1 LIMIT 1',
      [sha256],
    );
    return rows.length > 0;
  }

  /** Bytes `start..end` (inclusive) of the document, in chunks of READ_CHUNK_BYTES, one query each. */
  async *read(sha256: string, start: number, end: number): AsyncGenerator<Buffer> {
    for (let at = start; at <= end; at += READ_CHUNK_BYTES) {
      const length = Math.min(READ_CHUNK_BYTES, end - at + 1);
      const rows: { part: Buffer | null }[] = await this.dataSource.query(
        // substring on bytea counts from 1.
        'SELECT substring(content FROM $2::int FOR $3::int) AS part FROM attachments WHERE sha256 = $1 LIMIT 1',
        [sha256, at + 1, length],
      );
      const part = rows[0]?.part;
      if (!part || part.length === 0) {
        throw new Error(`document ${sha256} ended at ${at} bytes`);
      }
      yield part;
    }
  }

  /** How many bytes of a document being pulled are here (the parts committed so far). */
  async stagedLength(sha256: string): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      'SELECT coalesce(sum(length(data)), 0) AS n FROM federation_blob_parts WHERE sha256 = $1',
      [sha256],
    );
    return Number(rows[0].n);
  }

  /** Stores one part of a document being pulled, at its byte offset (committed at once). */
  async appendPart(sha256: string, offset: number, data: Buffer, peer: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO federation_blob_parts (sha256, "offset", data, peer_origin) VALUES ($1, $2, $3, $4)',
      [sha256, offset, data, peer],
    );
  }

  /** SHA-256 (hex) and size of the parts pulled so far, computed by PostgreSQL over their concatenation. */
  async stagedDigest(sha256: string): Promise<{ sha256: string | null; size: number }> {
    const rows: { digest: string | null; size: string | number | null }[] = await this.dataSource.query(
      `SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY "offset")), 'hex') AS digest,
              coalesce(sum(length(data)), 0) AS size
         FROM federation_blob_parts WHERE sha256 = $1`,
      [sha256],
    );
    return { sha256: rows[0]?.digest ?? null, size: Number(rows[0]?.size ?? 0) };
  }

  async dropStaged(sha256: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query('DELETE FROM federation_blob_parts WHERE sha256 = $1', [sha256]);
  }

  /**
   * The document listed on this node's copy of the request, under the sender's id, its content taken from a
   * document already here with that digest or else from the verified parts pulled; nothing when that id is
   * here already. False when neither holds the content.
   */
  async insertDocument(doc: DocumentRecord, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource).query(
      `INSERT INTO attachments (id, request_id, authority_id, uploaded_by_user_id, kind, filename, media_type, size,
              sha256, description, content, created_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, c.content, $11
         FROM (SELECT coalesce(
                 (SELECT content FROM attachments WHERE sha256 = $9 LIMIT 1),
                 (SELECT string_agg(data, ''::bytea ORDER BY "offset") FROM federation_blob_parts WHERE sha256 = $9)
               ) AS content) c
        WHERE c.content IS NOT NULL
       ON CONFLICT (id) DO NOTHING
       RETURNING 1`,
      [
        doc.id,
        doc.requestId,
        doc.authorityId,
        doc.uploadedByUserId,
        doc.kind,
        doc.filename,
        doc.mediaType,
        doc.size,
        doc.sha256,
        doc.description,
        doc.createdAt,
      ],
    );
    if (rows.length > 0) {
      return true;
    }
    const here: unknown[] = await (manager ?? this.dataSource).query(
      'SELECT 1 FROM attachments WHERE id = $1',
      [doc.id],
    );
    return here.length > 0;
  }
}
