import de from '../../../translations/de.json';
import en from '../../../translations/en.json';
import es from '../../../translations/es.json';
import fr from '../../../translations/fr.json';
import nl from '../../../translations/nl.json';
import pt from '../../../translations/pt.json';
import ro from '../../../translations/ro.json';
import { loadConfig } from '../../../src/server/config.js';
import { loadCatalogs } from '../../../src/server/outbox/catalogs.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { desiredTriggers, languageNames } from '../../../src/server/setup/desired.js';
import { triggerPrint } from '../../../src/server/setup/fingerprints.js';
import { applySetup, planSetup, type SetupDeps } from '../../../src/server/setup/setup.js';
import {
  readFieldIds,
  readTriggerIds,
  rememberWrittenPrints,
} from '../../../src/server/setup/zendesk-state.js';
import { SANDBOX_LOCALES, type EmailRecord } from '../../../src/sandbox/zendesk/records.js';
import { LOCALES } from '../../../src/shared/locales.js';
import { SCALES, type ScaleId } from '../../../src/shared/scales.js';
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

/** What each requester language reads, from the catalogs (the sandbox's `ja` is no language of ours). */
const READERS = [
  ['en-US', en],
  ['nl', nl],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['pt-BR', pt],
  ['ro', ro],
  ['ja', en],
] as const;

/** No Liquid or placeholder may reach a customer. */
const LIQUID_LEFT = /\{\{|\}\}|\{%|%\}/;

/** The button email's body as the previous version wrote it for `emailFormat: 'html'`: dynamic content in HTML. */
function oldDynamicContentHtmlBody(linkFieldId: number): string {
  const buttons = [1, 2, 3, 4, 5, 6, 7]
    .map(
      (p) =>
        `<a href="{{ticket.ticket_field_${linkFieldId}}}?scale=ces2_7&amp;score=${p}" title="{{dc.ces_label_ces2_7_${p}}}">${p}</a>`,
    )
    .join('');
  return `<div><p>{{ticket.brand.name}}</p><p>{{dc.ces_email_intro}}</p><p>{{dc.ces_question_ces2_7}}</p><div>${buttons}</div><p>{{dc.ces_email_outro}}</p></div>`;
}

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

  async function install(settings: Settings | null): Promise<void> {
    if (settings) await saveSettings(getDb(), settings);
    else await getDb().query('DELETE FROM settings');
    expect((await applySetup(deps, { dryRun: false, repair: false })).ok).toBe(true);
  }

  /** The email a requester in `locale` gets once the publish job has put the link on the ticket. */
  async function emailTo(locale: string): Promise<EmailRecord> {
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

  async function emailFor(settings: Settings, locale: string): Promise<EmailRecord> {
    await install(settings);
    return emailTo(locale);
  }

  it('is the button email by default, in each shipped language, and the default language for any other', async () => {
    await install(null);
    for (const [locale, catalog] of READERS) {
      const email = await emailTo(locale);
      const hrefs = [...email.html_body.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs).toEqual(
        [1, 2, 3, 4, 5, 6, 7].map((p) => `${LINK}?scale=ces2_7&amp;score=${p}`),
      );
      // The text part is the HTML's text: the customer's language throughout.
      expect(email.body).toContain(catalog.email.intro);
      expect(email.body).toContain(catalog.scales.ces2_7.question.replace('{company}', 'We'));
      expect(email.body).toContain(`1 = ${catalog.scales.ces2_7.labels['1']}`);
      expect(email.body).toContain(catalog.email.outro);
      expect(email.subject).toBe(`${catalog.email.subject} [#${email.ticket_id}]`);
      expect(email.html_body).not.toMatch(LIQUID_LEFT);
      expect(email.body).not.toMatch(LIQUID_LEFT);
    }
  });

  it("writes any other language's email in the account's default language from settings", async () => {
    const email = await emailFor({ ...DEFAULT_SETTINGS, defaultLocale: 'nl' }, 'ja');
    expect(email.body).toContain(nl.email.intro);
    expect((await emailTo('en-US')).body).toContain(en.email.intro);
  });

  it('is plain text when the admin chooses it: one line and one link per point, naming scale and point', async () => {
    const email = await emailFor(
      { ...DEFAULT_SETTINGS, emailFormat: 'text', companyName: 'Acme' },
      'nl',
    );
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
    expect(email.body).toContain(nl.email.intro);
    expect(email.body).not.toMatch(LIQUID_LEFT);
  });

  it('has one button per point naming scale and point, both end labels, in the HTML and the text part', async () => {
    const email = await emailFor({ ...DEFAULT_SETTINGS, companyName: 'Acme' }, 'nl');
    const hrefs = [...email.html_body.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([1, 2, 3, 4, 5, 6, 7].map((p) => `${LINK}?scale=ces2_7&amp;score=${p}`));
    expect(email.html_body).toContain(`1 = ${nl.scales.ces2_7.labels['1']}<br>`);
    expect(email.html_body).toContain(`7 = ${nl.scales.ces2_7.labels['7']}</p>`);
    expect(email.html_body).toContain(`title="${nl.scales.ces2_7.labels['4']}"`);
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

  it("escapes the admin's company name and question everywhere, and never runs them as Liquid", async () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      companyName: 'Acme <img src=x onerror=alert(1)> & "Co" {{ticket.requester.email}}',
      questionOverrides: {
        en: 'Was it <b>easy</b>? {% if true %}{{ticket.requester.email}}{% endif %}',
        de: 'War es <i>leicht</i>?',
      },
    };
    for (const [locale, question] of [
      ['en-US', 'Was it <b>easy</b>? {% if true %}{{ticket.requester.email}}{% endif %}'],
      ['de', 'War es <i>leicht</i>?'],
    ] as const) {
      const email = await emailFor(settings, locale);
      expect(email.html_body).toContain(
        'Acme &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot; &#123;&#123;ticket.requester.email&#125;&#125;',
      );
      expect(email.html_body).not.toMatch(/<img|<b>|<i>/);
      // The text part shows what the admin wrote, as text; nothing of it was rendered.
      expect(email.body).toContain(settings.companyName);
      expect(email.body).toContain(question);
      expect(`${email.html_body}${email.body}`).not.toContain('noor@example.com');
    }
  });

  it('uses button colours that read on light, on dark and after inversion', async () => {
    const email = await emailFor(DEFAULT_SETTINGS, 'en-US');
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

  it('upgrades an install whose email trigger holds the old dynamic-content body, without a repair', async () => {
    // The previous default: the plain-text body with dynamic content, written by the service.
    await install({ ...DEFAULT_SETTINGS, emailFormat: 'text' });
    // This version's default for an account that never saved settings: the button email.
    await getDb().query('DELETE FROM settings');
    let plan = await planSetup(deps);
    expect(plan.items.find((i) => i.key === 'trigger.email')?.state).toBe('pending');
    await install(null);
    let email = await emailTo('de');
    expect(email.html_body).toContain(`title="${de.scales.ces2_7.labels['1']}"`);

    // The old opt-in button email, with dynamic content in its HTML, as the previous version wrote it.
    const ids = (await readFieldIds(getDb()))!;
    const triggerId = (await readTriggerIds(getDb())).email!;
    const old = await deps.zendesk.getTrigger(triggerId);
    const actions = old.actions.map((a) =>
      a.field === 'notification_user'
        ? {
            ...a,
            value: [
              'requester_id',
              '{{dc.ces_email_subject}} [#{{ticket.id}}]',
              oldDynamicContentHtmlBody(ids.link),
            ],
          }
        : a,
    );
    const written = await deps.zendesk.updateTrigger(triggerId, { actions });
    await rememberWrittenPrints(getDb(), { 'trigger.email': triggerPrint(written) });
    plan = await planSetup(deps);
    expect(plan.items.find((i) => i.key === 'trigger.email')?.state).toBe('pending');
    await install({ ...DEFAULT_SETTINGS, emailFormat: 'html' });
    const body = (
      (await deps.zendesk.getTrigger(triggerId)).actions.find(
        (a) => a.field === 'notification_user',
      )?.value as string[]
    )[2];
    expect(body).not.toContain('{{dc.');
    email = await emailTo('fr');
    expect(email.body).toContain(fr.email.intro);
    expect(email.html_body).not.toMatch(LIQUID_LEFT);
  });

  it("stays under Zendesk's 65k limit for a business rule on every scale, with the longest admin texts", () => {
    const names = languageNames(SANDBOX_LOCALES);
    for (const scaleId of Object.keys(SCALES) as ScaleId[]) {
      const settings: Settings = {
        ...DEFAULT_SETTINGS,
        scaleId,
        companyName: 'Ä'.repeat(80),
        questionOverrides: Object.fromEntries(LOCALES.map((l) => [l, 'Ö&'.repeat(150)])),
      };
      const email = desiredTriggers(settings, loadCatalogs(), {
        webhookId: 'x',
        linkFieldId: 384_000_000_001,
        languages: names,
      }).find((t) => t.key === 'email')!;
      expect(Buffer.byteLength(JSON.stringify({ trigger: email }))).toBeLessThan(65_000);
    }
  });
});
