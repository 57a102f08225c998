import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { validatePayload } from '@/common/validation/validate-payload';
import type { AllConfig } from '@/config/all-config.type';
import { DomainError } from '@/common/errors/domain-error';
import {
  ChannelRegistry,
  type DeclaredRules,
  preconditionFails,
  type VersionPrecondition,
} from '@/workflows';
import {
  DECLARATION_FIELDS,
  type DeclarationField,
  type DeclarationsExportDto,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  StateDeclarationsDto,
  type StateDeclarationsResponse,
} from './dto/declarations.dto';
import { type DeclarationSource, StateDeclarationVersion } from './entities/state-declaration-version.entity';
import { StateSettings } from './entities/state-settings.entity';

/** A State's declarations as stored: only the declared fields. */
export type DeclarationsRecord = Partial<Record<DeclarationField, unknown>>;

export interface DeclarationsWrite {
  country: string;
  record: StateDeclarationsDto;
  source: DeclarationSource;
  note?: string | null;
  ifMatch?: VersionPrecondition;
}

/** If-Match named another version of the State's declarations than the current one. */
export class DeclarationsVersionMismatchError extends DomainError {
  constructor(expected: VersionPrecondition, actual: number) {
    super(
      'VERSION_MISMATCH',
      'precondition-failed',
      `If-Match names version ${expected.weak ? 'W/' : ''}"${expected.version}"; the declarations are at ` +
        `version ${actual}, ETag "${actual}"`,
      { expected: expected.version, actual },
    );
  }
}

/** The hash of a version: SHA-256 (hex) of the JCS form of its fields, chained through prevHash. */
export function declarationVersionHash(v: Omit<StateDeclarationVersion, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalize({
        country: v.country,
        version: v.version,
        record: v.record,
        source: v.source,
        note: v.note,
        writtenBy: { userId: v.writtenByUserId, name: v.writtenByName },
        writtenAt: v.writtenAt.toISOString(),
        prevHash: v.prevHash,
      }) ?? '',
    )
    .digest('hex');
}

/** Keeps the declared fields only (null and absent: not declared), lists in a stable order. */
export function normalise(dto: StateDeclarationsDto): DeclarationsRecord {
  const out: DeclarationsRecord = {};
  for (const field of DECLARATION_FIELDS) {
    const value = dto[field];
    if (value === undefined || value === null) {
      continue;
    }
    if (field === 'interceptionOffences') {
      out[field] = [...(value as number[])].sort((a, b) => a - b);
    } else if (field === 'languages' || field === 'channels' || field === 'centralAuthorities') {
      out[field] = [...(value as string[])].sort();
    } else if (field === 'reservations') {
      out[field] = (value as { article: number; paragraph?: number; text: string }[]).map((r) => ({
        article: r.article,
        ...(r.paragraph === undefined ? {} : { paragraph: r.paragraph }),
        text: r.text,
      }));
    } else {
      out[field] = value;
    }
  }
  return out;
}

/** The declared rules the engine's submission checks read. */
export function declaredRulesOf(country: string, version: number, r: DeclarationsRecord): DeclaredRules {
  return {
    country,
    version,
    ...(r.languages ? { languages: r.languages as string[] } : {}),
    ...(r.channels ? { channels: r.channels as string[] } : {}),
    ...(r.transmissionRoutes ? { transmissionRoutes: r.transmissionRoutes as string[] } : {}),
    ...(r.interceptionOffences ? { interceptionOffences: r.interceptionOffences as number[] } : {}),
    ...(typeof r.dualCriminalityForPreservation === 'boolean'
      ? { dualCriminalityForPreservation: r.dualCriminalityForPreservation }
      : {}),
    ...(typeof r.conventionAsExtraditionBasis === 'boolean'
      ? { conventionAsExtraditionBasis: r.conventionAsExtraditionBasis }
      : {}),
  };
}

/**
 * The register of each State's declarations under the Convention: one versioned record per State, every
 * version kept (hash-chained, append-only), written with the current periods (state_settings) in one
 * transaction. Export and import as JSON for the exchange between States.
 */
@Injectable()
export class DeclarationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AllConfig, true>,
    private readonly moduleRef: ModuleRef,
  ) {}

  private latest(m: EntityManager, country: string): Promise<StateDeclarationVersion | null> {
    return m
      .getRepository(StateDeclarationVersion)
      .findOne({ where: { country }, order: { version: 'DESC' } });
  }

  async current(country: string): Promise<StateDeclarationsResponse> {
    const row = await this.latest(this.dataSource.manager, country);
    if (row) {
      return this.toResponse(country, row);
    }
    // Periods recorded before the register existed: shown as declared, version 0 until the next write.
    const legacy = await this.currentRecord(country);
    const response = this.toResponse(country, null);
    return Object.keys(legacy).length === 0
      ? response
      : {
          ...this.toResponse(country, null, legacy),
          declared: true,
          note: 'recorded as state settings before the register of declarations; the next write is version 1',
        };
  }

  /**
   * The current record; a State whose periods were set before the register existed (a state_settings
   * row, no version) starts from those periods.
   */
  async currentRecord(country: string): Promise<DeclarationsRecord> {
    const row = await this.latest(this.dataSource.manager, country);
    if (row) {
      return row.record;
    }
    const legacy = await this.dataSource.getRepository(StateSettings).findOne({ where: { country } });
    return legacy
      ? normalise({
          preservationDays: legacy.preservationDays,
          provisionalArrestDays: legacy.provisionalArrestDays,
          interceptionOffences: legacy.interceptionOffences,
        })
      : {};
  }

  async declaredRules(country: string): Promise<DeclaredRules> {
    const row = await this.latest(this.dataSource.manager, country);
    return declaredRulesOf(country, row?.version ?? 0, row?.record ?? {});
  }

  async versions(country: string): Promise<StateDeclarationsResponse[]> {
    const rows = await this.dataSource
      .getRepository(StateDeclarationVersion)
      .find({ where: { country }, order: { version: 'DESC' } });
    return rows.map((r) => this.toResponse(country, r));
  }

  async version(country: string, version: number): Promise<StateDeclarationsResponse | null> {
    const row = await this.dataSource
      .getRepository(StateDeclarationVersion)
      .findOne({ where: { country, version } });
    return row ? this.toResponse(country, row) : null;
  }

  /** The rules beyond the shape: the preservation floor, channels this engine runs. */
  check(record: StateDeclarationsDto, prefix = ''): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const floor = this.config.get('timers', { infer: true }).preservationMinDays;
    if (typeof record.preservationDays === 'number' && record.preservationDays < floor) {
      problems.push({
        field: `${prefix}preservationDays`,
        messages: [`must be at least ${floor} days (art. 42 preservation period)`],
      });
    }
    if (record.channels) {
      const known = this.moduleRef.get(ChannelRegistry, { strict: false }).names();
      record.channels.forEach((c, i) => {
        if (!known.includes(c)) {
          problems.push({
            field: `${prefix}channels[${i}]`,
            messages: [`unknown channel ${c}; the channels are ${known.join(', ')}`],
          });
        }
      });
    }
    return problems;
  }

  /** Writes the next version of one State (412 when If-Match names another version). */
  async write(write: DeclarationsWrite, writer: Principal): Promise<StateDeclarationsResponse> {
    const problems = this.check(write.record);
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const row = await this.dataSource.transaction((m) => this.append(m, write, writer, new Date()));
    return this.toResponse(write.country, row);
  }

  /**
   * Writes a record received from elsewhere (a peer node's published declarations), validated here as a
   * PUT body would be, as a new version noting where it came from (source import).
   */
  async importRecord(
    country: string,
    raw: unknown,
    note: string,
    writer: Principal,
  ): Promise<StateDeclarationsResponse> {
    const record = await validatePayload(StateDeclarationsDto, raw, 'declarations');
    const problems = this.check(record, 'declarations.');
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return this.write({ country, record, source: 'import', note: note.slice(0, 1000) }, writer);
  }

  /** Imports an exchange document: every record valid or nothing written; each a new version. */
  async import(doc: DeclarationsExportDto, writer: Principal): Promise<StateDeclarationsResponse[]> {
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    doc.states.forEach((s, i) => {
      if (seen.has(s.country)) {
        problems.push({ field: `states[${i}].country`, messages: [`${s.country} appears twice`] });
      }
      seen.add(s.country);
      problems.push(...this.check(s.declarations, `states[${i}].declarations.`));
    });
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const note =
      `imported from ${doc.exportedBy ?? 'an export'}` + (doc.exportedAt ? ` of ${doc.exportedAt}` : '');
    const now = new Date();
    const rows = await this.dataSource.transaction(async (m) => {
      const out: StateDeclarationVersion[] = [];
      for (const s of [...doc.states].sort((a, b) => a.country.localeCompare(b.country))) {
        out.push(
          await this.append(
            m,
            {
              country: s.country,
              record: s.declarations,
              source: 'import',
              note: (s.version === undefined ? note : `${note} (version ${s.version} there)`).slice(0, 1000),
            },
            writer,
            now,
          ),
        );
      }
      return out;
    });
    return rows.map((r) => this.toResponse(r.country, r));
  }

  async export(): Promise<DeclarationsExportDto & { exportedAt: string }> {
    const rows = await this.dataSource
      .getRepository(StateDeclarationVersion)
      .createQueryBuilder('v')
      .distinctOn(['v.country'])
      .orderBy('v.country', 'ASC')
      .addOrderBy('v.version', 'DESC')
      .getMany();
    return {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      states: rows.map((r) => ({
        country: r.country,
        version: r.version,
        declarations: r.record,
      })),
    };
  }

  private async append(
    m: EntityManager,
    write: DeclarationsWrite,
    writer: Principal,
    now: Date,
  ): Promise<StateDeclarationVersion> {
    // One writer per State at a time: the version read here is the one the next follows.
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`state-declarations:${write.country}`]);
    const last = await this.latest(m, write.country);
    const version = last?.version ?? 0;
    if (write.ifMatch && preconditionFails(write.ifMatch, version)) {
      throw new DeclarationsVersionMismatchError(write.ifMatch, version);
    }
    const record = normalise(write.record);
    const fields = {
      country: write.country,
      version: version + 1,
      record,
      source: write.source,
      note: write.note ?? null,
      writtenByUserId: writer.userId,
      writtenByName: writer.name.slice(0, 200),
      writtenAt: now,
      prevHash: last?.hash ?? null,
    };
    const repo = m.getRepository(StateDeclarationVersion);
    const row = await repo.save(repo.create({ ...fields, hash: declarationVersionHash(fields) }));
    // The periods the clocks read, in the same transaction.
    await m.getRepository(StateSettings).save({
      country: write.country,
      preservationDays: (record.preservationDays as number | undefined) ?? null,
      provisionalArrestDays: (record.provisionalArrestDays as number | undefined) ?? null,
      interceptionOffences: (record.interceptionOffences as number[] | undefined) ?? null,
      updatedAt: now,
    });
    return row;
  }

  private toResponse(
    country: string,
    row: StateDeclarationVersion | null,
    legacy: DeclarationsRecord = {},
  ): StateDeclarationsResponse {
    const t = this.config.get('timers', { infer: true });
    const record = (row?.record ?? legacy) as DeclarationsRecord;
    return {
      country,
      version: row?.version ?? 0,
      declared: row !== null,
      declarations: record as StateDeclarationsDto,
      notDeclared: DECLARATION_FIELDS.filter((f) => record[f] === undefined),
      effective: {
        preservationDays: (record.preservationDays as number | undefined) ?? t.preservationDays,
        provisionalArrestDays:
          (record.provisionalArrestDays as number | undefined) ?? t.provisionalArrestDays,
      },
      source: row?.source ?? null,
      note: row?.note ?? null,
      writtenBy: row ? { userId: row.writtenByUserId, name: row.writtenByName } : null,
      writtenAt: row ? row.writtenAt.toISOString() : null,
      hash: row?.hash ?? null,
    };
  }
}
