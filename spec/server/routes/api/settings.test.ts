import type {
  SettingsInvalidResponse,
  SettingsResponse,
} from '../../../../src/shared/api-types.js';
import { getSettings } from '../../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings.js';
import { describeEachDatabase } from '../../../support/databases.js';
import { apiForSuite } from './api-harness.js';

describeEachDatabase('GET/PUT /api/v1/settings', (getDb) => {
  const api = apiForSuite(getDb);
  beforeEach(async () => {
    await getDb().query('DELETE FROM settings');
  });

  const put = (payload: object) => api().call({ method: 'PUT', url: '/api/v1/settings', payload });

  it('gives the defaults before anything is saved', async () => {
    const res = await api().get('/api/v1/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json<SettingsResponse>().settings).toEqual(DEFAULT_SETTINGS);
  });

  it('saves a valid document and keeps keys left out', async () => {
    const res = await put({
      scaleId: 'ces1_5',
      companyName: 'Acme',
      questionOverrides: { nl: 'Acme maakte het makkelijk' },
      rules: { samplingRate: 0.5, excludedChannels: ['voice'] },
      ranking: { minAnswers: 8 },
    });
    expect(res.statusCode).toBe(200);
    const saved = res.json<SettingsResponse>().settings;
    expect(saved).toMatchObject({
      scaleId: 'ces1_5',
      companyName: 'Acme',
      questionOverrides: { nl: 'Acme maakte het makkelijk' },
      rules: { ...DEFAULT_SETTINGS.rules, samplingRate: 0.5, excludedChannels: ['voice'] },
      ranking: { priorWeight: DEFAULT_SETTINGS.ranking.priorWeight, minAnswers: 8 },
      drivers: DEFAULT_SETTINGS.drivers,
    });
    expect(await getSettings(getDb())).toEqual(saved);
    expect((await api().get('/api/v1/settings')).json<SettingsResponse>().settings).toEqual(saved);
  });

  it('never shows the chat webhook address (a credential), and keeps it when its shown form comes back', async () => {
    const secret = 'https://hooks.slack.com/services/T000/B000/s3cr3t';
    const res = await put({ alerts: { chatWebhookUrl: secret, chatFormat: 'slack' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('s3cr3t');
    const shown = res.json<SettingsResponse>().settings.alerts.chatWebhookUrl;
    expect(shown).toBe('https://hooks.slack.com/…');
    expect((await api().get('/api/v1/settings')).body).not.toContain('s3cr3t');
    expect((await getSettings(getDb())).alerts.chatWebhookUrl).toBe(secret);

    // The app sends back what it was shown, with another change: the address stays.
    const again = await put({ alerts: { chatWebhookUrl: shown, chatFormat: 'teams' } });
    expect(again.statusCode).toBe(200);
    expect((await getSettings(getDb())).alerts).toMatchObject({
      chatWebhookUrl: secret,
      chatFormat: 'teams',
    });
    const { rows } = await getDb().query<{ changes: unknown }>('SELECT changes FROM audit_log');
    expect(JSON.stringify(rows)).not.toContain('s3cr3t');

    // Another address on the same host: the audit says the address changed, without either one.
    const audited = async () =>
      (
        await getDb().query<{ changes: Array<{ path: string }> }>(
          'SELECT changes FROM audit_log ORDER BY id',
        )
      ).rows.flatMap((r) => r.changes.filter((c) => c.path === 'alerts.chatWebhookUrl'));
    const before = (await audited()).length;
    const moved = await put({
      alerts: { chatWebhookUrl: 'https://hooks.slack.com/services/T000/B000/0th3r' },
    });
    expect(moved.statusCode).toBe(200);
    expect((await audited()).slice(before)).toEqual([{ path: 'alerts.chatWebhookUrl' }]);
    expect(JSON.stringify(await audited())).not.toMatch(/s3cr3t|0th3r/);

    const bad = await put({ alerts: { chatWebhookUrl: 'http://hooks.example.com/x' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<SettingsInvalidResponse>().problems).toEqual([
      { path: 'alerts.chatWebhookUrl', messageKey: 'settings.errors.webhookUrl' },
    ]);
  });

  it('refuses a reminder on or after the day the survey closes', async () => {
    const res = await put({ answerWindowDays: 3, reminder: { enabled: true, afterDays: 3 } });
    expect(res.statusCode).toBe(422);
    expect(res.json<SettingsInvalidResponse>().problems).toEqual([
      {
        path: 'reminder.afterDays',
        messageKey: 'settings.errors.reminderWindow',
        vars: { max: 2 },
      },
    ]);
    const off = await put({ answerWindowDays: 3, reminder: { enabled: false, afterDays: 3 } });
    expect(off.statusCode).toBe(200);
  });

  it('stores only the settings it knows', async () => {
    const res = await put({ companyName: 'Acme', favouriteColour: 'teal' });
    expect(res.statusCode).toBe(200);
    const { rows } = await getDb().query<{ data: Record<string, unknown> }>(
      'SELECT data FROM settings',
    );
    expect(rows[0]?.data.companyName).toBe('Acme');
    expect(rows[0]?.data).not.toHaveProperty('favouriteColour');
  });

  it('answers 422 with every problem by field, and saves nothing', async () => {
    const res = await put({
      companyName: '',
      rules: { samplingRate: 1.5 },
      drivers: ['my_own'],
      ranking: { minAnswers: 0 },
      questionOverrides: { xx: 'hello' },
      zendeskRequestsPerMinute: 0,
    });
    expect(res.statusCode).toBe(422);
    const body = res.json<SettingsInvalidResponse>();
    expect(body.error).toBe('invalid_settings');
    expect(body.problems.map((p) => p.path).sort()).toEqual(
      [
        'companyName',
        'customDriverLabels.my_own',
        'questionOverrides',
        'ranking.minAnswers',
        'rules.samplingRate',
        'zendeskRequestsPerMinute',
      ].sort(),
    );
    expect(body.problems.find((p) => p.path === 'rules.samplingRate')).toEqual({
      path: 'rules.samplingRate',
      messageKey: 'settings.errors.range',
      vars: { min: 0, max: 1 },
    });
    const { rows } = await getDb().query('SELECT 1 FROM settings');
    expect(rows).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await api().call({
      method: 'PUT',
      url: '/api/v1/settings',
      headers: { 'content-type': 'application/json' },
      payload: '{"companyName": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_body' });
  });

  it.each([
    ['a scale that does not exist', { scaleId: 'nps' }],
    ['text where a number belongs', { rules: { samplingRate: 'half' } }],
    ['a list of text ids', { rules: { excludedGroupIds: ['sales'] } }],
  ])('answers 400 to %s', async (_name, payload) => {
    const res = await put(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
  });
});
