import {
  followUpsFrom,
  insertOutboxSql,
  readRequestSql,
  type WriteSpec,
  writeChangeSql,
} from './change-statements';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const NOW = new Date('2026-11-22T10:00:00.000Z');

function spec(overrides: Partial<WriteSpec> = {}): WriteSpec {
  return {
    requestId: REQUEST_ID,
    fromVersion: 3,
    columns: [
      { column: 'status', cast: 'text', value: 'ACCEPTED' },
      { column: 'version', cast: 'int', value: 4 },
      { column: 'case_data', cast: 'jsonb', value: '{"decision":{}}' },
    ],
    event: {
      requestId: REQUEST_ID,
      seq: 4,
      action: 'accept',
      fromStatus: 'UNDER_REVIEW',
      toStatus: 'ACCEPTED',
      actorType: 'user',
      actorUserId: null,
      actorAuthorityId: null,
      payload: { note: 'n' },
      occurredAt: NOW,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    },
    outbox: [],
    conditions: [],
    fenceLock: 727173,
    ...overrides,
  };
}

/** The highest $n placeholder of a statement. */
const placeholders = (sql: string): number[] => [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));

describe('change statements', () => {
  describe('writeChangeSql', () => {
    it.each([
      { name: 'a user action', extra: {} },
      { name: 'a job', extra: { consumes: { outboxId: '42', at: NOW } } },
      { name: 'the optimistic path', extra: { conditions: ['NOT EXISTS (SELECT 1)'] } },
    ])('should number one parameter per placeholder for $name', ({ extra }) => {
      const { sql, params } = writeChangeSql(spec(extra));
      expect(Math.max(...placeholders(sql))).toBe(params.length);
      expect(new Set(placeholders(sql)).size).toBe(params.length);
      expect(params.slice(0, 2)).toEqual([REQUEST_ID, 3]);
    });

    it('should set exactly the changed columns, each with its cast', () => {
      const { sql, params } = writeChangeSql(spec());
      expect(sql).toMatch(/SET status = \$3::text, version = \$4::int, case_data = \$5::jsonb\s/);
      expect(params.slice(2, 5)).toEqual(['ACCEPTED', 4, '{"decision":{}}']);
    });

    it('should condition the UPDATE on the version read and on the extra conditions', () => {
      const { sql } = writeChangeSql(spec({ conditions: ['hooks idle'] }));
      expect(sql).toContain('WHERE r.id = $1 AND r.version = $2 AND (hooks idle)');
    });

    it('should send the event payload and the outbox rows as JSON text', () => {
      const runAt = new Date('2026-12-01T00:00:00.000Z');
      const outbox = [
        {
          requestId: REQUEST_ID,
          sourceRequestId: REQUEST_ID,
          kind: 'timer',
          label: 'Deadline',
          basis: 'Art. 40',
          queue: 'mla',
          jobName: 'DeadlineReminder',
          jobId: `${REQUEST_ID}_4_DeadlineReminder_0`,
          transitionSeq: 4,
          payload: {},
          priority: 5,
          runAt,
        },
      ];
      const { params } = writeChangeSql(spec({ outbox }));
      expect(params).toContain('{"note":"n"}');
      expect(JSON.parse(params.find((p) => typeof p === 'string' && p.startsWith('[{')) as string)).toEqual([
        { ...outbox[0], runAt: runAt.toISOString() },
      ]);
    });

    it('should lock and require an undone outbox row only for a job, and mark it applied with the change', () => {
      expect(writeChangeSql(spec()).sql).not.toContain('job AS');
      const { sql } = writeChangeSql(spec({ consumes: { outboxId: '42', at: NOW } }));
      expect(sql).toMatch(
        /job AS \(\s+SELECT id FROM outbox WHERE id = \$\d+::bigint AND processed_at IS NULL FOR UPDATE/,
      );
      expect(sql).toContain('AND EXISTS (SELECT 1 FROM job)');
      expect(sql).toMatch(
        /done AS \([\s\S]*WHERE id IN \(SELECT id FROM job\) AND EXISTS \(SELECT 1 FROM req\)/,
      );
    });

    it('should take the append fence only for an updated row, before the event insert', () => {
      const { sql } = writeChangeSql(spec());
      expect(sql).toMatch(
        /fenced AS \(\s+SELECT id FROM req WHERE pg_advisory_xact_lock_shared\(\$\d+::bigint\)/,
      );
      expect(sql).toMatch(/INSERT INTO audit_events[\s\S]*FROM fenced/);
    });
  });

  it('should read the last hash at the version, the hooks state and the follow-ups, never locking', () => {
    const sql = readRequestSql('true');
    expect(sql).toContain('e.seq = r.version');
    expect(sql).toContain('(true) AS hooks_idle');
    // A read that waited for a lock would see the new row with a stale last hash.
    expect(sql).not.toContain('FOR UPDATE');
  });

  it('should insert outbox rows from a JSON parameter, conditionally when joined', () => {
    expect(insertOutboxSql('$1::jsonb')).toContain('jsonb_to_recordset($1::jsonb)');
    expect(insertOutboxSql('$9::jsonb', 'CROSS JOIN req')).toContain('CROSS JOIN req');
  });

  it('should turn follow-ups read as JSON into summaries with dates', () => {
    const [f] = followUpsFrom([
      {
        id: 'x',
        reference: 'VNM-2026-000001',
        channel: 'mla',
        status: 'RECEIVED',
        requestingAuthorityId: 'a',
        requestedAuthorityId: 'b',
        deliveredAt: '2026-11-22T10:00:00.123+00:00',
      },
    ]);
    expect(f.deliveredAt).toEqual(new Date('2026-11-22T10:00:00.123Z'));
    expect(followUpsFrom([{ ...f, deliveredAt: null }])[0].deliveredAt).toBeNull();
  });
});
