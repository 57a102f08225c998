import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

export type PoolQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Statement names by text; bounded (the hot path's texts are few), cleared if it ever grows past it. */
const MAX_NAMED = 2000;

/**
 * Runs one statement on a pooled connection of the data source's pg pool, without TypeORM's query runner,
 * as a named prepared statement: for the few statements on the transition hot path, whose parsing and
 * planning would otherwise be repeated on every call. Same pool, so the same role and settings as every
 * other query of the app.
 */
export function poolQuery(dataSource: DataSource): PoolQuery {
  const names = new Map<string, string>();
  return async <T>(sql: string, params: unknown[]): Promise<T[]> => {
    const pool = (dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) {
      throw new Error('poolQuery: the data source is not a connected postgres data source');
    }
    let name = names.get(sql);
    if (!name) {
      if (names.size >= MAX_NAMED) {
        names.clear();
      }
      name = `coop_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      names.set(sql, name);
    }
    return (await pool.query({ name, text: sql, values: params })).rows as T[];
  };
}
