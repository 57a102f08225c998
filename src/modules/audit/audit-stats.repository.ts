import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Which statuses mark a decision, an execution and an outcome (the request left the requested side's
 * hands), per channel. Submission and receipt are the request's submitted_at and delivered_at.
 * A channel without a row uses '*', the MLA-style statuses.
 */
export const MILESTONES: Record<string, { decision: string[]; execution: string[]; outcome: string[] }> = {
  mla: {
    decision: ['ACCEPTED', 'CONDITIONS_PROPOSED', 'REFUSED'],
    execution: ['EXECUTED'],
    outcome: ['EXECUTED', 'REFUSED', 'WITHDRAWN', 'CLOSED'],
  },
  // DOMAIN.md 4.2: the order is issued (or refused), then the custodian confirms.
  preservation: {
    decision: ['PRESERVING', 'REFUSED'],
    execution: ['PRESERVED_ACTIVE'],
    outcome: ['PRESERVED_ACTIVE', 'REFUSED', 'WITHDRAWN', 'EXPIRED', 'RELEASED'],
  },
  // DOMAIN.md 4.10: the decision is the acknowledgement (submission to decision: the time to acknowledge),
  // the execution the first answer.
  'contact-24-7': {
    decision: ['ACKNOWLEDGED'],
    execution: ['ANSWERED'],
    outcome: ['ANSWERED', 'ESCALATED_TO_PRESERVATION', 'ESCALATED_TO_MLA', 'CLOSED', 'WITHDRAWN'],
  },
  // DOMAIN.md 4.4: decided as MLA; executed when collection starts (submission to execution: the time until
  // the measure is in place), the outcome once reported (or refused, withdrawn).
  'real-time-collection': {
    decision: ['ACCEPTED', 'CONDITIONS_PROPOSED', 'REFUSED'],
    execution: ['COLLECTING'],
    outcome: ['EXECUTED', 'REFUSED', 'WITHDRAWN', 'CLOSED'],
  },
  '*': {
    decision: ['ACCEPTED', 'CONDITIONS_PROPOSED', 'REFUSED'],
    execution: ['EXECUTED'],
    outcome: ['EXECUTED', 'REFUSED', 'WITHDRAWN', 'CLOSED'],
  },
};

export interface StatsFilter {
  authorityId: string;
  channel?: string;
  counterpartAuthorityId?: string;
  /** Requests created in [from, to). */
  from?: string;
  to?: string;
}

export interface Durations {
  n: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface StatsRow {
  direction: 'outgoing' | 'incoming';
  channel: string;
  /** null on the row that sums every counterpart of the channel. */
  counterpartAuthorityId: string | null;
  requests: number;
  byStatus: Record<string, number>;
  submissionToReceipt: Durations;
  submissionToDecision: Durations;
  submissionToExecution: Durations;
  /** Submitted requests with a suggested deadline, and those still in hand when it passed. */
  withDeadline: number;
  passedDeadline: number;
}

interface RawRow {
  direction: 'outgoing' | 'incoming';
  channel: string;
  counterpart: string | null;
  requests: number;
  by_status: Record<string, number>;
  receipt_n: number;
  receipt_p50: number | null;
  receipt_p90: number | null;
  decision_n: number;
  decision_p50: number | null;
  decision_p90: number | null;
  execution_n: number;
  execution_p50: number | null;
  execution_p90: number | null;
  with_deadline: number;
  passed_deadline: number;
}

const durations = (column: string, alias: string): string => `
  count(${column})::int AS ${alias}_n,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${column})) AS ${alias}_p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ${column})) AS ${alias}_p90`;

@Injectable()
export class AuditStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per (direction, channel, counterpart) and one per (direction, channel) over all
   * counterparts, for the requests the authority is party to (incoming ones once delivered). A further
   * party of a multi-party request counts it as incoming from the requesting authority; the requesting
   * authority counts it once, under its requested authority.
   */
  async stats(f: StatsFilter): Promise<StatsRow[]> {
    const params: unknown[] = [f.authorityId, JSON.stringify(MILESTONES)];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (f.channel) {
      where.push(`r.channel = ${param(f.channel)}`);
    }
    if (f.counterpartAuthorityId) {
      const cp = param(f.counterpartAuthorityId);
      where.push(`(CASE WHEN r.requesting_authority_id = $1 THEN r.requested_authority_id
                        ELSE r.requesting_authority_id END) = ${cp}`);
    }
    if (f.from) {
      where.push(`r.created_at >= ${param(f.from)}`);
    }
    if (f.to) {
      where.push(`r.created_at < ${param(f.to)}`);
    }
    const rows: RawRow[] = await this.dataSource.query(
      `WITH visible AS (
         SELECT r.id, r.channel, r.status, r.suggested_deadline, r.submitted_at, r.delivered_at,
                CASE WHEN r.requesting_authority_id = $1 THEN 'outgoing' ELSE 'incoming' END AS direction,
                CASE WHEN r.requesting_authority_id = $1 THEN r.requested_authority_id
                     ELSE r.requesting_authority_id END AS counterpart,
                coalesce($2::jsonb -> r.channel, $2::jsonb -> '*') AS ms
           FROM cooperation_requests r
          WHERE (r.requesting_authority_id = $1
                 OR ((r.requested_authority_id = $1 OR r.additional_party_ids @> jsonb_build_array($1::text))
                     AND r.delivered_at IS NOT NULL))
                ${where.map((w) => `AND ${w}`).join(' ')}
       ), timed AS (
         SELECT v.*, t.decided_at, t.executed_at, t.outcome_at
           FROM visible v
           LEFT JOIN LATERAL (
             SELECT min(e.occurred_at) FILTER (WHERE v.ms -> 'decision' ? e.to_status) AS decided_at,
                    min(e.occurred_at) FILTER (WHERE v.ms -> 'execution' ? e.to_status) AS executed_at,
                    min(e.occurred_at) FILTER (WHERE v.ms -> 'outcome' ? e.to_status) AS outcome_at
               FROM audit_events e
              WHERE e.request_id = v.id
           ) t ON true
       )
       SELECT direction, channel, counterpart,
              count(*)::int AS requests,
              (SELECT jsonb_object_agg(s, n)
                 FROM (SELECT s, count(*)::int AS n FROM unnest(array_agg(status)) AS s GROUP BY s) AS c)
                AS by_status,
              ${durations('delivered_at - submitted_at', 'receipt')},
              ${durations('decided_at - submitted_at', 'decision')},
              ${durations('executed_at - submitted_at', 'execution')},
              count(*) FILTER (WHERE submitted_at IS NOT NULL AND suggested_deadline IS NOT NULL)::int
                AS with_deadline,
              count(*) FILTER (WHERE submitted_at IS NOT NULL
                                 AND suggested_deadline < coalesce(outcome_at, now()))::int AS passed_deadline
         FROM timed
        GROUP BY GROUPING SETS ((direction, channel, counterpart), (direction, channel))
        ORDER BY direction DESC, channel, counterpart NULLS FIRST`,
      params,
    );
    return rows.map((r) => ({
      direction: r.direction,
      channel: r.channel,
      counterpartAuthorityId: r.counterpart,
      requests: r.requests,
      byStatus: r.by_status,
      submissionToReceipt: { n: r.receipt_n, medianSeconds: r.receipt_p50, p90Seconds: r.receipt_p90 },
      submissionToDecision: { n: r.decision_n, medianSeconds: r.decision_p50, p90Seconds: r.decision_p90 },
      submissionToExecution: {
        n: r.execution_n,
        medianSeconds: r.execution_p50,
        p90Seconds: r.execution_p90,
      },
      withDeadline: r.with_deadline,
      passedDeadline: r.passed_deadline,
    }));
  }
}
