import { requiredBefore } from './missing-fields';

describe('requiredBefore', () => {
  it('should say the field is required before the step, or why instead', () => {
    const missing = requiredBefore('the offer');
    expect(missing('details.kind')).toEqual({
      field: 'details.kind',
      messages: ['is required before the offer'],
    });
    expect(missing('offences', 'art. 51: name the offence')).toEqual({
      field: 'offences',
      messages: ['art. 51: name the offence'],
    });
  });
});
