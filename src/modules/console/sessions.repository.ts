import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A live console session: who opened it with which token, and when it ends if unused. */
export interface SessionRow {
  userId: string;
  tokenHash: string;
  /** The earlier of the idle deadline (last request + idle minutes) and the absolute maximum. */
  expiresAt: Date;
}

function toRow(r: Record<string, unknown>): SessionRow {
  return {
    userId: r.user_id as string,
    tokenHash: r.token_hash as string,
    expiresAt: new Date(r.ends_at as string),
  };
}

/** console_sessions (plain SQL). Times are the database's clock, so that every API process agrees. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens a session; also forgets sessions that ended more than a day ago (kept that long for support). */
  async insert(
    sessionHash: string,
    tokenHash: string,
    userId: string,
    idleMinutes: number,
    maxHours: number,
  ): Promise<SessionRow> {
    await this.dataSource.query(
      `DELETE FROM console_sessions WHERE expires_at < now() - interval '1 day' OR ended_at < now() - interval '1 day'`,
    );
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `INSERT INTO console_sessions (session_hash, token_hash, user_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       RETURNING user_id, token_hash, LEAST(last_seen_at + make_interval(mins => $5), expires_at) AS ends_at`,
      [sessionHash, tokenHash, userId, maxHours, idleMinutes],
    );
    return toRow(rows[0]);
  }

  /** The live session of that hash with its idle clock restarted, or null (unknown, ended, idle or past its maximum). */
  async touch(sessionHash: string, idleMinutes: number): Promise<SessionRow | null> {
    const [rows]: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE console_sessions SET last_seen_at = now()
       WHERE session_hash = $1 AND ended_at IS NULL AND expires_at > now()
         AND last_seen_at > now() - make_interval(mins => $2)
       RETURNING user_id, token_hash, LEAST(last_seen_at + make_interval(mins => $2), expires_at) AS ends_at`,
      [sessionHash, idleMinutes],
    );
    return rows.length > 0 ? toRow(rows[0]) : null;
  }

  /** Ends the session (sign-out); true when a live one was ended. */
  async end(sessionHash: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE console_sessions SET ended_at = now() WHERE session_hash = $1 AND ended_at IS NULL`,
      [sessionHash],
    );
    return count > 0;
  }
}
