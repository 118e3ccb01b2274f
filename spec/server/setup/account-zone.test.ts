import { loadConfig } from '../../../src/server/config.js';
import { buildTeamReport } from '../../../src/server/reports/team-report.js';
import { applySetup } from '../../../src/server/setup/setup.js';
import { readAccountTimeZone } from '../../../src/server/setup/zendesk-state.js';
import { describeEachDatabase } from '../../support/databases.js';
import { clearSurveys, insertSurvey } from '../../support/survey-fixtures.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.test' });

describeEachDatabase("setup keeps the Zendesk account's time zone", (getDb) => {
  let zd: RunningSandbox;

  beforeAll(async () => {
    zd = await startSandbox({
      timeZone: { name: 'Eastern Time (US & Canada)', iana: 'America/New_York' },
    });
    await clearSurveys(getDb());
    // Solved 22:30 on Nov 3 in New York: Nov 4 in UTC.
    await insertSurvey(getDb(), {
      createdAt: '2026-11-04T03:30:00Z',
      answer: { score: 6, answeredAt: '2026-11-04T12:00:00Z' },
    });
  });
  afterAll(async () => {
    await zd.close();
  });

  const nOn = async (day: string) =>
    (await buildTeamReport(getDb(), { period: { from: day, to: day } })).team.n;

  it('reads it from the account settings and moves report days to it', async () => {
    expect(await readAccountTimeZone(getDb())).toBe('UTC');
    expect(await nOn('2026-11-04')).toBe(1);
    const deps = { db: getDb(), config, zendesk: sandboxClient(zd.url) };
    await applySetup(deps, { dryRun: false, repair: false });
    expect(zd.sandbox.requests.some((r) => r.path === '/api/v2/account/settings')).toBe(true);
    expect(await readAccountTimeZone(getDb())).toBe('America/New_York');
    expect(await nOn('2026-11-03')).toBe(1);
    expect(await nOn('2026-11-04')).toBe(0);
    const r = await buildTeamReport(getDb(), { period: { from: '2026-11-03', to: '2026-11-03' } });
    expect(r.timeZone).toBe('America/New_York');

    // An admin moves the account to Kolkata (UTC+5:30): the next setup run follows.
    zd.sandbox.store.timeZone = { name: 'Kolkata', iana: 'Asia/Kolkata' };
    await applySetup(deps, { dryRun: false, repair: false });
    expect(await readAccountTimeZone(getDb())).toBe('Asia/Kolkata');
    expect(await nOn('2026-11-04')).toBe(1);
  });
});
