import type { Frame, Page } from 'playwright-core';
import { SANDBOX_CUSTOM_ROLES } from '../../src/sandbox/zendesk/records';
import en from '../../translations/en.json';
import { startE2e, waitFor, type E2e } from './support/environment';

/**
 * The three experiences of the nav bar app, as Zendesk's signed page load names the user and the
 * service looks up their role: the workspace's "View as" switcher signs in as each in turn.
 */
describe('e2e: what each role sees on the team page', () => {
  let e2e: E2e;
  let leadId: number;

  beforeAll(async () => {
    e2e = await startE2e({ database: 'postgres' });
    const teamLeader = SANDBOX_CUSTOM_ROLES.find((r) => r.name === 'Team Leader')!;
    leadId = e2e.demo.sandbox.store.users.create({
      name: 'Tomás Ferreira',
      email: 'tomas@acme.example',
      role: 'agent',
      default_group_id: e2e.team.groupId,
      custom_role_id: teamLeader.id,
    }).id;
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  /** The team page as `userId`, switched to with the workspace's "View as" form. */
  async function teamPageAs(userId: number): Promise<{ page: Page; frame: Frame }> {
    const page = await e2e.newPage({ width: 1280, height: 900 });
    await page.goto(`${e2e.demo.sandboxUrl}/workspace/team`);
    await page.locator('#view-as-user').selectOption(String(userId));
    const reload = page.waitForResponse(
      (r) => r.url().includes('/app/team.html') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Switch' }).click();
    expect((await reload).status()).toBe(200);
    const frame = await waitFor('the team frame', () =>
      page.frames().find((f) => f.url().includes('/app/team.html')),
    );
    return { page, frame };
  }

  const tabNames = async (frame: Frame) => {
    await frame.getByRole('tab').first().waitFor();
    return frame.getByRole('tab').allTextContents();
  };

  it('an agent sees their own figures, and no team report, settings or setup', async () => {
    const { page, frame } = await teamPageAs(e2e.team.agent.id);
    await frame.getByRole('tab', { name: en.roles.mine.tab }).waitFor();
    expect(await tabNames(frame)).toEqual([en.roles.mine.tab]);
    await frame.getByText(en.roles.mine.note).waitFor();
    await page.close();
  });

  it('a team lead sees the team report for their group, and no settings or setup', async () => {
    const { page, frame } = await teamPageAs(leadId);
    await frame.getByRole('tab', { name: en.team.tabs.report }).waitFor();
    expect(await tabNames(frame)).toEqual([en.team.tabs.report, en.digest.heading]);
    await page.close();
  });

  it('an admin sees everything: report, settings, setup and the audit list', async () => {
    const { page, frame } = await teamPageAs(e2e.demo.sandbox.store.admin.id);
    await frame.getByRole('tab', { name: en.roles.audit.tab }).waitFor();
    expect(await tabNames(frame)).toEqual([
      en.team.tabs.report,
      en.digest.heading,
      en.team.tabs.settings,
      en.team.tabs.setup,
      en.roles.audit.tab,
    ]);
    await page.close();
  });

  it('an admin names an agent team lead in Settings → Access; the audit shows it and the agent gets the team report', async () => {
    const { page, frame } = await teamPageAs(e2e.demo.sandbox.store.admin.id);
    await frame.getByRole('tab', { name: en.team.tabs.settings }).click();
    const access = frame.getByRole('region', { name: en.settings.access.title });
    // The account's custom roles, by name, as the service read them from Zendesk.
    await access.getByRole('checkbox', { name: 'Team Leader' }).waitFor();
    expect(await access.getByRole('checkbox', { name: 'Team Leader' }).isChecked()).toBe(true);
    expect(await access.getByRole('checkbox', { name: /Staff/ }).isChecked()).toBe(false);

    const other = e2e.team.otherAgent;
    await access.getByLabel(en.settings.access.users.search).fill(other.name.slice(0, 4));
    await access.getByLabel(en.settings.access.users.search).press('Enter');
    await access
      .getByRole('button', { name: en.settings.access.users.add.replace('{name}', other.name) })
      .click();
    await access.getByRole('button', { name: en.settings.access.save }).click();
    await access.getByText(en.settings.access.saved).waitFor();

    await frame.getByRole('tab', { name: en.roles.audit.tab }).click();
    await frame.getByText(en.roles.audit.actions.accessUpdate).first().waitFor();
    await page.close();

    const lead = await teamPageAs(other.id);
    await lead.frame.getByRole('tab', { name: en.team.tabs.report }).waitFor();
    expect(await tabNames(lead.frame)).toEqual([en.team.tabs.report, en.digest.heading]);
    await lead.page.close();
  });
});
