import type { DataSource, EntityTarget } from 'typeorm';

interface ColumnMap<T> {
  property: keyof T;
  column: string;
  /** The SQL type a parameter is cast to (jsonb values are sent as JSON text). */
  cast: string;
}

/** A column that a change sets, as an SQL parameter. */
export interface ColumnValue {
  column: string;
  cast: string;
  value: unknown;
}

/**
 * An entity's columns as TypeORM maps them, for the hot path's plain SQL: rows are hydrated and changes
 * written without the query builder, from the entity's own metadata (one definition of the mapping).
 */
export class EntityColumns<T extends object> {
  private readonly columns: ColumnMap<T>[];

  constructor(
    dataSource: DataSource,
    private readonly entity: new () => T,
  ) {
    this.columns = dataSource.getMetadata(entity as EntityTarget<T>).columns.map((c) => ({
      property: c.propertyName as keyof T,
      column: c.databaseName,
      cast: castOf(String(c.type)),
    }));
  }

  /**
   * An entity from a row selected with `alias.*`, or with `select(alias, prefix)` and the same prefix (pg
   * already parses dates, JSON, integers and booleans).
   */
  hydrate(row: Record<string, unknown>, prefix = ''): T {
    const entity = new this.entity();
    const target = entity as Record<keyof T, unknown>;
    for (const c of this.columns) {
      target[c.property] = row[prefix + c.column];
    }
    return entity;
  }

  /** A select list of every column of `alias`, each renamed with `prefix` (to share a row with others). */
  select(alias: string, prefix: string): string {
    return this.columns.map((c) => `${alias}.${c.column} AS ${prefix}${c.column}`).join(', ');
  }

  /** The entity's column values in comparable form (JSON text, epoch ms), to diff a later state against. */
  fingerprint(entity: T): unknown[] {
    return this.columns.map((c) => comparable(entity[c.property]));
  }

  /** The columns whose values differ from the fingerprint (never the id or creation time). */
  changed(before: unknown[], after: T): ColumnValue[] {
    const out: ColumnValue[] = [];
    this.columns.forEach((c, i) => {
      if (c.property === 'id' || c.property === 'createdAt') {
        return;
      }
      const now = comparable(after[c.property]);
      if (now !== before[i]) {
        out.push({ column: c.column, cast: c.cast, value: c.cast === 'jsonb' ? now : after[c.property] });
      }
    });
    return out;
  }
}

/** Dates as epoch ms and objects as JSON text, so that equal values compare equal with ===. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) {
    return value.getTime();
  }
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

function castOf(type: string): string {
  switch (type) {
    case 'jsonb':
    case 'uuid':
    case 'timestamptz':
    case 'boolean':
    case 'text':
    case 'int':
    case 'bigint':
      return type;
    case 'varchar':
      return 'text';
    default:
      throw new Error(`EntityColumns: no SQL cast for column type ${type}`);
  }
}
