import type { DurationsResponse, StatsRowResponse } from './dto/audit.response';

/**
 * RFC 4180 CSV of the statistics, one line per row, a column per status seen in any row. Cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a quote.
 */
export function statsToCsv(rows: StatsRowResponse[]): string {
  const statuses = [...new Set(rows.flatMap((r) => Object.keys(r.byStatus)))].sort();
  const durationHeader = (name: string): string[] => [`${name}_n`, `${name}_median_s`, `${name}_p90_s`];
  const header = [
    'direction',
    'channel',
    'counterpart_id',
    'counterpart_code',
    'requests',
    ...statuses.map((s) => `status_${s}`),
    ...durationHeader('submission_to_receipt'),
    ...durationHeader('submission_to_decision'),
    ...durationHeader('submission_to_execution'),
    'with_deadline',
    'passed_deadline',
  ];
  const durations = (d: DurationsResponse): (string | number | null)[] => [
    d.n,
    round(d.medianSeconds),
    round(d.p90Seconds),
  ];
  const lines = rows.map((r) => [
    r.direction,
    r.channel,
    r.counterpart?.id ?? '',
    r.counterpart?.code ?? '',
    r.requests,
    ...statuses.map((s) => r.byStatus[s] ?? 0),
    ...durations(r.submissionToReceipt),
    ...durations(r.submissionToDecision),
    ...durations(r.submissionToExecution),
    r.withDeadline,
    r.passedDeadline,
  ]);
  return [header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

function round(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1000) / 1000;
}

function cell(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
