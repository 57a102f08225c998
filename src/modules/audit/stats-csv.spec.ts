import type { StatsRowResponse } from './dto/audit.response';
import { statsToCsv } from './stats-csv';

const none = { n: 0, medianSeconds: null, p90Seconds: null };

function row(overrides: Partial<StatsRowResponse>): StatsRowResponse {
  return {
    direction: 'outgoing',
    channel: 'mla',
    counterpart: null,
    requests: 0,
    byStatus: {},
    submissionToReceipt: none,
    submissionToDecision: none,
    submissionToExecution: none,
    withDeadline: 0,
    passedDeadline: 0,
    ...overrides,
  };
}

describe('statistics as CSV', () => {
  it('should write a header with a column per status seen, then one line per row (CRLF)', () => {
    const csv = statsToCsv([
      row({ requests: 3, byStatus: { RECEIVED: 2, REFUSED: 1 }, withDeadline: 1, passedDeadline: 1 }),
      row({
        counterpart: { id: 'c-1', code: 'AUT-BMJ-CA', name: 'Austria' },
        requests: 3,
        byStatus: { RECEIVED: 2, REFUSED: 1 },
        submissionToReceipt: { n: 3, medianSeconds: 1.23456, p90Seconds: 2 },
      }),
      row({ direction: 'incoming', requests: 1, byStatus: { EXECUTED: 1 } }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'direction,channel,counterpart_id,counterpart_code,requests,status_EXECUTED,status_RECEIVED,status_REFUSED,' +
        'submission_to_receipt_n,submission_to_receipt_median_s,submission_to_receipt_p90_s,' +
        'submission_to_decision_n,submission_to_decision_median_s,submission_to_decision_p90_s,' +
        'submission_to_execution_n,submission_to_execution_median_s,submission_to_execution_p90_s,' +
        'with_deadline,passed_deadline',
      'outgoing,mla,,,3,0,2,1,0,,,0,,,0,,,1,1',
      'outgoing,mla,c-1,AUT-BMJ-CA,3,0,2,1,3,1.235,2,0,,,0,,,0,0',
      'incoming,mla,,,1,1,0,0,0,,,0,,,0,,,0,0',
      '',
    ]);
  });

  it('should quote cells with commas or quotes and defuse spreadsheet formulas', () => {
    const csv = statsToCsv([
      row({ counterpart: { id: 'c', code: '=HYPERLINK("x")', name: null } }),
      row({ counterpart: { id: 'd', code: 'A,B', name: null } }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[2]).toContain(',"A,B",');
  });

  it('should write only the header for no rows', () => {
    expect(statsToCsv([]).split('\r\n')).toHaveLength(2);
  });
});
