import en from '../../translations/en.json';
import { tamperedToken } from '../support/zaf-token';
import { e2eForSuite, waitFor } from './support/environment';

/**
 * The workspace loads the app as Zendesk does with signed URLs: a form POST of the sandbox-signed
 * ZAF JWT to the service's page URL. A verified load gets the page and a session for the workspace's
 * user; a token altered on the way gets the service's readable error page inside the iframe.
 */
describe('e2e: the signed page load', () => {
  const e2e = e2eForSuite({ database: 'postgres' });

  const teamFrame = async (page: import('playwright-core').Page) =>
    waitFor('the team frame', () => page.frames().find((f) => f.url().includes('/app/team.html')));

  it('gives the app a session for the signed-in user, used for its calls to the service', async () => {
    const page = await e2e().newPage({ width: 1280, height: 900 });
    const load = page.waitForResponse(
      (r) => r.url().includes('/app/team.html') && r.request().method() === 'POST',
    );
    const apiCall = page.waitForRequest((r) => r.url().includes('/api/v1/'));
    await page.goto(`${e2e().demo.sandboxUrl}/workspace/team`);
    const response = await load;
    expect(response.status()).toBe(200);
    const form = new URLSearchParams(response.request().postData() ?? '');
    const claims = JSON.parse(
      Buffer.from((form.get('token') ?? '').split('.')[1] ?? '', 'base64url').toString(),
    ) as { sub: string; iss: string };
    expect(claims).toMatchObject({
      sub: String(e2e().demo.sandbox.store.admin.id),
      iss: 'sandbox.zendesk.com',
    });
    // The app's own calls carry the session, on the service's origin.
    const call = await apiCall;
    expect(new URL(call.url()).origin).toBe(new URL(e2e().demo.serviceUrl).origin);
    expect(call.headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const frame = await teamFrame(page);
    await frame.getByRole('tab', { name: en.team.tabs.report }).waitFor();
  });

  it('shows a readable error page in the iframe for a tampered token', async () => {
    const page = await e2e().newPage({ width: 1280, height: 900 });
    await page.route('**/app/team.html*', async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      // Another user's id with the original signature: what a forger would try.
      form.set(
        'token',
        tamperedToken(form.get('token') ?? '', { sub: String(e2e().team.agent.id) }),
      );
      await route.continue({ postData: form.toString() });
    });
    const load = page.waitForResponse((r) => r.url().includes('/app/team.html'));
    await page.goto(`${e2e().demo.sandboxUrl}/workspace/team`);
    expect((await load).status()).toBe(401);
    const frame = await teamFrame(page);
    await frame.getByRole('alert').getByText(en.appPage.refusedTitle).waitFor();
    await frame.getByText(en.appPage.refused).waitFor();
  });
});
