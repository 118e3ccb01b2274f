import nl from '../../../translations/nl.json';
import { loadConfig } from '../../../src/server/config.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { applySetup, type SetupDeps } from '../../../src/server/setup/setup.js';
import { readFieldIds } from '../../../src/server/setup/zendesk-state.js';
import type { EmailRecord } from '../../../src/sandbox/zendesk/records.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.test' });
const LINK = 'https://ces.example.test/s/tok';

/** sRGB contrast ratio of two #rrggbb colours (WCAG 2). */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
const invert = (hex: string) =>
  `#${(0xffffff - parseInt(hex.slice(1), 16)).toString(16).padStart(6, '0')}`;

/** The survey email as Zendesk sends it, from the trigger setup installs. */
const HTML: Settings = { ...DEFAULT_SETTINGS, emailFormat: 'html' };

describeEachDatabase('the survey email setup installs', (getDb) => {
  let zd: RunningSandbox;
  let deps: SetupDeps;

  beforeAll(async () => {
    zd = await startSandbox();
    deps = { db: getDb(), config, zendesk: sandboxClient(zd.url) };
  });
  afterAll(async () => {
    await zd.close();
  });

  async function emailFor(settings: Settings, locale: string): Promise<EmailRecord> {
    await saveSettings(getDb(), settings);
    expect((await applySetup(deps, { dryRun: false, repair: false })).ok).toBe(true);
    const { store } = zd.sandbox;
    const requester = store.users.create({ name: 'Noor', email: 'noor@example.com', locale });
    const ticket = store.tickets.create(
      { requester_id: requester.id, subject: 'Help', comment: { body: 'Please.' } },
      { actorId: requester.id },
    ).ticket;
    const ids = (await readFieldIds(getDb()))!;
    // What the publish job does once the ticket is solved (solving here would call the webhook).
    store.tickets.update(ticket.id, {
      custom_fields: [{ id: ids.link, value: LINK }],
      tags: ['ces_survey_ready'],
    });
    const [email] = store.emails.list({ ticketId: ticket.id });
    expect(email).toBeDefined();
    return email!;
  }

  it('is plain text by default: one line and one link per point, naming scale and point', async () => {
    const email = await emailFor({ ...DEFAULT_SETTINGS, companyName: 'Acme' }, 'nl');
    // No buttons: Zendesk's template only turns each address into a link of itself.
    for (const [, href, text] of (email.html_body ?? '').matchAll(
      /<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g,
    ))
      expect(text).toBe(href);
    const links = [...email.body.matchAll(/https:\/\/ces\.example\.test\/s\/tok\S+/g)].map(
      (m) => m[0],
    );
    expect(links.map((l) => new URL(l).searchParams.get('score'))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    for (const l of links) expect(new URL(l).searchParams.get('scale')).toBe('ces2_7');
    expect(email.body).toMatch(/^1 – .+: https:\/\/ces\.example\.test\/s\/tok\?/m);
  });

  it('has one button per point naming scale and point, both end labels, in the HTML and the text part', async () => {
    const email = await emailFor({ ...HTML, companyName: 'Acme' }, 'nl');
    const hrefs = [...email.html_body.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([1, 2, 3, 4, 5, 6, 7].map((p) => `${LINK}?scale=ces2_7&amp;score=${p}`));
    expect(email.html_body).toContain(`1 = ${nl.scales.ces2_7.labels['1']}<br>`);
    expect(email.html_body).toContain(`7 = ${nl.scales.ces2_7.labels['7']}</p>`);
    expect(email.html_body).toContain(nl.email.intro);
    expect(email.html_body).toContain(nl.scales.ces2_7.question.replace('{company}', 'Acme'));
    // The plain-text part: every point its own line and link.
    for (let p = 1; p <= 7; p++) {
      expect(email.body).toContain(`\n${p}: ${LINK}?scale=ces2_7&score=${p}\n`);
    }
    expect(email.body).toContain(`1 = ${nl.scales.ces2_7.labels['1']}`);
    expect(email.body).toContain(`7 = ${nl.scales.ces2_7.labels['7']}`);
    expect(email.body).not.toMatch(/<[a-z]/i);
    // Nothing fetched, nothing run: no images, stylesheets, fonts or script.
    expect(email.html_body).not.toMatch(/<(script|img|link|iframe|object)\b|\bsrc=|url\(|@import/i);
  });

  it("escapes the admin's company name and question in the email", async () => {
    const email = await emailFor(
      {
        ...HTML,
        companyName: 'Acme <img src=x onerror=alert(1)> & "Co"',
        questionOverrides: { en: 'Was it <b>easy</b>?' },
      },
      'en-US',
    );
    expect(email.html_body).toContain(
      'Acme &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;',
    );
    expect(email.html_body).toContain('Was it &lt;b&gt;easy&lt;/b&gt;?');
    expect(email.html_body).not.toContain('<img');
    expect(email.html_body).not.toContain('<b>easy');
    expect(email.body).toContain('Acme <img src=x onerror=alert(1)> & "Co"');
  });

  it('uses button colours that read on light, on dark and after inversion', async () => {
    const email = await emailFor(HTML, 'en-US');
    const style = /<a href="[^"]+" [^>]*style="([^"]+)"/.exec(email.html_body)?.[1] ?? '';
    const color = /(?:^|;)color:(#[0-9a-f]{6})/i.exec(style)?.[1];
    const background = /background-color:(#[0-9a-f]{6})/i.exec(style)?.[1];
    const border = /border:2px solid (#[0-9a-f]{6})/i.exec(style)?.[1];
    expect([color, background, border].every(Boolean)).toBe(true);
    // On its own tint, on a white page (background dropped), on a dark page, and inverted.
    expect(contrast(color!, background!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(color!, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(invert(color!), invert(background!))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(border!, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(border!, '#121212')).toBeGreaterThanOrEqual(3);
    // Tappable: at least 44 px each way, and they wrap (inline blocks, no fixed-width table).
    expect(style).toMatch(/min-width:4[4-9]px|min-width:[5-9]\dpx/);
    expect(style).toMatch(/(^|;)height:(4[4-9]|[5-9]\d)px/);
    expect(style).toContain('display:inline-block');
    expect(email.html_body).not.toMatch(/<table|width="\d{3,}"/);
    // Without a brand name set, the email names the ticket's brand.
    expect(email.html_body).toContain('>Sandbox<');
  });
});
