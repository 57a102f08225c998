import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SignedEnvelope } from './envelope';

export type Direction = 'out' | 'in';

/** An envelope sent or received, as stored (federation_envelopes). */
export interface EnvelopeRow {
  id: string;
  direction: Direction;
  peerOrigin: string;
  envelopeId: string;
  requestId: string;
  type: string;
  streamSeq: number;
  digest: string;
  envelope: SignedEnvelope;
  /** out: pending, delivered, rejected; in: stored, applied, not-applied. */
  status: string;
  reason: string | null;
  createdAt: Date;
}

/** A receipt about an envelope (federation_receipts). */
export interface ReceiptRow {
  kind: 'DELIVERY' | 'PROCESSED' | 'REJECTED' | 'TIMEOUT';
  result: string;
  code: string | null;
  reason: string | null;
  at: Date;
  signerKid: string | null;
  signature: string | null;
  receipt: Record<string, unknown>;
}

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

function toRow(r: Record<string, unknown>): EnvelopeRow {
  return {
    id: r.id as string,
    direction: r.direction as Direction,
    peerOrigin: r.peer_origin as string,
    envelopeId: r.envelope_id as string,
    requestId: r.request_id as string,
    type: r.type as string,
    streamSeq: r.stream_seq as number,
    digest: (r.digest as string).trim(),
    envelope: r.envelope as SignedEnvelope,
    status: r.status as string,
    reason: (r.reason as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
  };
}

function toReceipt(r: Record<string, unknown>): ReceiptRow {
  return {
    kind: r.kind as ReceiptRow['kind'],
    result: r.result as string,
    code: (r.code as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    at: new Date(r.at as string),
    signerKid: (r.signer_kid as string | null) ?? null,
    signature: (r.signature as string | null) ?? null,
    receipt: r.receipt as Record<string, unknown>,
  };
}

/** The envelopes and receipts tables, in plain SQL (no entity: nothing but this module reads them). */
@Injectable()
export class EnvelopesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private on(manager?: EntityManager | null): Query {
    return (sql, params) => (manager ?? this.dataSource).query(sql, params);
  }

  /** The next stream position toward (out) or from (in) a peer, under a lock per stream. */
  async nextStreamSeq(manager: EntityManager, direction: Direction, peer: string): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `federation-stream:${direction}:${peer}`,
    ]);
    const rows: { n: number }[] = await manager.query(
      `SELECT coalesce(max(stream_seq), 0) + 1 AS n FROM federation_envelopes WHERE direction = $1 AND peer_origin = $2`,
      [direction, peer],
    );
    return Number(rows[0].n);
  }

  /** Whether an envelope of this request was already sent to that peer. */
  async hasSent(manager: EntityManager, requestId: string, peer: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND peer_origin = $2
         AND type <> 'receipt' LIMIT 1`,
      [requestId, peer],
    );
    return rows.length > 0;
  }

  /** Inserts an envelope row; null when (direction, peer, envelope id) is already stored. */
  async insert(
    manager: EntityManager | null,
    row: Omit<EnvelopeRow, 'id' | 'createdAt' | 'reason'>,
  ): Promise<string | null> {
    const rows = await this.on(manager)(
      `INSERT INTO federation_envelopes (direction, peer_origin, envelope_id, request_id, type, stream_seq, digest,
              envelope, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (direction, peer_origin, envelope_id) DO NOTHING RETURNING id`,
      [
        row.direction,
        row.peerOrigin,
        row.envelopeId,
        row.requestId,
        row.type,
        row.streamSeq,
        row.digest,
        JSON.stringify(row.envelope),
        row.status,
      ],
    );
    return rows[0] ? (rows[0].id as string) : null;
  }

  async find(id: string): Promise<EnvelopeRow | null> {
    const rows = await this.on()('SELECT * FROM federation_envelopes WHERE id = $1', [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByEnvelopeId(
    direction: Direction,
    peer: string,
    envelopeId: string,
  ): Promise<EnvelopeRow | null> {
    const rows = await this.on()(
      'SELECT * FROM federation_envelopes WHERE direction = $1 AND peer_origin = $2 AND envelope_id = $3',
      [direction, peer, envelopeId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async setStatus(id: string, status: string, reason: string | null, manager?: EntityManager): Promise<void> {
    await this.on(manager)(
      'UPDATE federation_envelopes SET status = $2, reason = $3, updated_at = now() WHERE id = $1',
      [id, status, reason],
    );
  }

  async addReceipt(envelopeRowId: string, r: ReceiptRow, manager?: EntityManager | null): Promise<void> {
    await this.on(manager)(
      `INSERT INTO federation_receipts (envelope_row_id, kind, result, code, reason, at, signer_kid, signature, receipt)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        envelopeRowId,
        r.kind,
        r.result,
        r.code,
        r.reason,
        r.at,
        r.signerKid,
        r.signature,
        JSON.stringify(r.receipt),
      ],
    );
  }

  async receiptsOf(envelopeRowId: string): Promise<ReceiptRow[]> {
    const rows = await this.on()('SELECT * FROM federation_receipts WHERE envelope_row_id = $1 ORDER BY id', [
      envelopeRowId,
    ]);
    return rows.map(toReceipt);
  }

  /** Every envelope of a request, oldest first, each with its receipts. */
  async ofRequest(requestId: string): Promise<(EnvelopeRow & { receipts: ReceiptRow[] })[]> {
    const rows = (
      await this.on()('SELECT * FROM federation_envelopes WHERE request_id = $1 ORDER BY created_at, id', [
        requestId,
      ])
    ).map(toRow);
    return Promise.all(rows.map(async (r) => ({ ...r, receipts: await this.receiptsOf(r.id) })));
  }
}
