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

  /** An entity from a row selected with `alias.*` (pg already parses dates, JSON, integers, booleans). */
  hydrate(row: Record<string, unknown>): T {
    const entity = new this.entity();
    const target = entity as Record<keyof T, unknown>;
    for (const c of this.columns) {
      target[c.property] = row[c.column];
    }
    return entity;
  }

  /** A deep copy to compare a decision's result against. */
  snapshot(entity: T): T {
    return Object.assign(new this.entity(), structuredClone({ ...entity }));
  }

  /** The columns whose values differ between `before` and `after` (never the id or creation time). */
  changed(before: T, after: T): ColumnValue[] {
    const out: ColumnValue[] = [];
    for (const c of this.columns) {
      if (c.property === 'id' || c.property === 'createdAt') {
        continue;
      }
      const a = before[c.property];
      const b = after[c.property];
      if (!sameValue(a, b)) {
        out.push({ column: c.column, cast: c.cast, value: c.cast === 'jsonb' ? JSON.stringify(b) : b });
      }
    }
    return out;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() === b.getTime();
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
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
