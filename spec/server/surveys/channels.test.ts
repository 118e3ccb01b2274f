import { normalizeChannel } from '../../../src/shared/channels.js';
import { parseSolveEvent } from '../../../src/server/surveys/solve-event.js';

describe('normalizeChannel', () => {
  it.each([
    ['Mail', 'email'],
    ['email', 'email'],
    ['Web Form', 'web'],
    ['web', 'web'],
    ['Web Widget', 'web_widget'],
    ['Phone call (incoming)', 'voice'],
    ['API', 'api'],
    ['Some New Channel', 'some_new_channel'],
  ])('maps %s to %s', (raw, expected) => {
    expect(normalizeChannel(raw)).toBe(expected);
  });

  it('treats an empty value as none', () => {
    expect(normalizeChannel('  ')).toBeNull();
    expect(normalizeChannel(null)).toBeNull();
  });

  it("stores the trigger's display name and the app's channel id as the same channel", () => {
    const base = { type: 'ticket_solved', ticket_id: '1', solved_at: '2026-11-23T10:00:00Z' };
    expect(parseSolveEvent({ ...base, channel: 'Mail' }).channel).toBe('email');
    expect(parseSolveEvent({ ...base, channel: 'email' }).channel).toBe('email');
  });
});
