import { fakeRequest } from '@/test-utils/machine-fixtures';
import { PRIORITY_BY_URGENCY } from '@/workflows';
import { ContactDetailsDto } from './dto/contact-24-7-details.dto';
import { contactChannel, contactMissingForSubmission, contactPriority } from './contact-24-7.channel';
import { CONTACT_QUEUE } from './contact-24-7.constants';
import { contactMachine } from './contact-24-7.machine';

const ticket = (overrides: Record<string, unknown> = {}, details: Record<string, unknown> = {}) =>
  fakeRequest({
    channel: 'contact-24-7',
    status: 'DRAFT',
    urgency: 'urgent',
    language: 'en',
    assistanceSought: 'Where is the provider of 203.0.113.7 located?',
    details: { assistanceTypes: ['provider-location'], ...details },
    ...overrides,
  });

const fields = (r: ReturnType<typeof ticket>): string[] => contactMissingForSubmission(r).map((p) => p.field);

describe('contactChannel', () => {
  it('should run the 24/7 machine on its own queue with its details schema', () => {
    expect(contactChannel).toMatchObject({
      channel: 'contact-24-7',
      queue: CONTACT_QUEUE,
      machine: contactMachine,
      detailsSchema: ContactDetailsDto,
    });
    expect(contactChannel.title).toContain('art. 41');
  });

  it('should go from point of contact to point of contact only (art. 41)', () => {
    expect(contactChannel.requestedAuthorityKinds).toEqual(['contact-24-7']);
  });

  it('should be urgent by default toward every point of contact', () => {
    expect(contactChannel.defaultUrgency?.('contact-24-7')).toBe('urgent');
  });

  it.each([
    ['normal', PRIORITY_BY_URGENCY.urgent],
    ['urgent', PRIORITY_BY_URGENCY.urgent],
    ['emergency', PRIORITY_BY_URGENCY.emergency],
  ])('should put a %s ticket in lane %d, ahead of routine work', (urgency, lane) => {
    expect(contactChannel.priorityOf).toBe(contactPriority);
    expect(contactPriority(ticket({ urgency }))).toBe(lane);
    expect(lane).toBeLessThan(PRIORITY_BY_URGENCY.normal);
  });

  it('should find nothing missing in a complete ticket', () => {
    expect(fields(ticket())).toEqual([]);
    expect(fields(ticket({ urgency: 'emergency' }, { emergencyRisk: 'A child is missing' }))).toEqual([]);
  });

  it('should demand the language, the help sought and its type before opening', () => {
    expect(fields(ticket({ language: null, assistanceSought: null }, { assistanceTypes: [] }))).toEqual([
      'language',
      'assistanceSought',
      'details.assistanceTypes',
    ]);
    expect(fields(ticket({}, { assistanceTypes: undefined }))).toEqual(['details.assistanceTypes']);
  });

  it('should demand the risk to life or safety of an emergency ticket (art. 2)', () => {
    const problems = contactMissingForSubmission(ticket({ urgency: 'emergency' }));
    expect(problems).toEqual([
      { field: 'details.emergencyRisk', messages: [expect.stringContaining('imminent risk')] },
    ]);
  });
});
