import { TEXT_FIELDS } from '../../../src/app/settings/settings-fields.js';
import { DEFAULT_SETTINGS, validateSettings } from '../../../src/shared/settings.js';

describe('the Zendesk API budget field of the settings form', () => {
  const field = TEXT_FIELDS.find((f) => f.key === 'zendeskRequestsPerMinute')!;

  it('shows an empty field for the service default and keeps what the admin types', () => {
    expect(field.show(DEFAULT_SETTINGS)).toBe('');
    const set = field.apply(DEFAULT_SETTINGS, '250');
    expect(set.zendeskRequestsPerMinute).toBe(250);
    expect(field.show(set)).toBe('250');
    expect(field.apply(set, ' ').zendeskRequestsPerMinute).toBeNull();
  });

  it('names the field when the budget cannot be used', () => {
    for (const typed of ['0', '12.5', 'lots', '100001']) {
      expect(validateSettings(field.apply(DEFAULT_SETTINGS, typed))).toEqual([
        {
          path: 'zendeskRequestsPerMinute',
          messageKey: 'settings.errors.range',
          vars: { min: 1, max: 100_000 },
        },
      ]);
    }
    expect(validateSettings(field.apply(DEFAULT_SETTINGS, '400'))).toEqual([]);
  });
});
