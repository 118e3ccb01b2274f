import crypto from 'node:crypto';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import type { SolveEvent } from '../../../src/server/surveys/intake.js';
import {
  DEFAULT_SETTINGS,
  MAX_COMMENT_LENGTH,
  type Settings,
} from '../../../src/shared/settings.js';
import { appForSuite } from '../../support/app-for-suite.js';
import { describeEachDatabase } from '../../support/databases.js';
import { surveyWithLink } from '../../support/survey-links.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.com' });
let nextTicket = 40_000;

function form(fields: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  };
}

describeEachDatabase('survey page /s/:token', (getDb) => {
  const app = appForSuite(config, getDb);
  beforeEach(async () => {
    await saveSettings(getDb(), DEFAULT_SETTINGS);
  });

  async function newSurvey(
    overrides: Partial<SolveEvent> = {},
    settings: Partial<Settings> = {},
  ): Promise<{ id: number; token: string; path: string }> {
    if (Object.keys(settings).length > 0) {
      await saveSettings(getDb(), { ...DEFAULT_SETTINGS, ...settings });
    }
    const { surveyId, token } = await surveyWithLink(getDb(), config, {
      ticketId: nextTicket++,
      requesterId: 123,
      requesterLocale: 'nl',
      assigneeId: 9,
      ...overrides,
    });
    return { id: surveyId, token, path: `/s/${token}` };
  }

  async function answerOf(surveyId: number) {
    const { rows } = await getDb().query<{
      score: number;
      scale_id: string;
      driver: string | null;
      comment: string | null;
      locale: string;
      version: number;
    }>(
      'SELECT score, scale_id, driver, comment, locale, version FROM answers WHERE survey_id = $1',
      [surveyId],
    );
    return rows;
  }

  async function writebackJobs(surveyId: number) {
    const { rows } = await getDb().query<{ run_at: Date; payload: unknown }>(
      `SELECT run_at, payload FROM outbox_jobs WHERE dedupe_key = $1`,
      [`writeback:${surveyId}`],
    );
    return rows;
  }

  it('shows the score from the email chosen, in the requester’s language, and records nothing', async () => {
    const s = await newSurvey();
    const res = await app().inject({ method: 'GET', url: `${s.path}?score=2` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(
      'Het bedrijf heeft het mij gemakkelijk gemaakt om mijn probleem op te lossen.',
    );
    expect(html).toMatch(/<input type="radio" name="score" value="2" required checked>/);
    expect(html.match(/ checked/g)).toHaveLength(1);
    expect(html).toContain('Mee oneens');
    // No script and no timer: only the customer's press of the one button records the answer.
    expect(html).not.toContain('<script');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('Controleer uw antwoord en druk dan op de knop om het te versturen.');
    // Link scanners open every link: the GET left no trace.
    expect(await answerOf(s.id)).toEqual([]);
    expect(await writebackJobs(s.id)).toEqual([]);
    const { rows } = await getDb().query('SELECT status FROM surveys WHERE id = $1', [s.id]);
    expect(rows).toEqual([{ status: 'pending' }]);
  });

  it('shows the plain question without a score, and no script', async () => {
    const s = await newSurvey();
    for (const url of [s.path, `${s.path}?score=9`, `${s.path}?score=abc`]) {
      const res = await app().inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(' checked');
      expect(res.body).not.toContain('<script');
    }
  });

  it('records the confirmed score, then the follow-up, and lets the customer change it', async () => {
    await saveSettings(getDb(), { ...DEFAULT_SETTINGS, quietPeriodSeconds: 300 });
    const s = await newSurvey();
    const before = Date.now();
    const posted = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'score', score: '2' }),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(s.path);
    expect(await answerOf(s.id)).toEqual([
      { score: 2, scale_id: 'ces2_7', driver: null, comment: null, locale: 'nl', version: 1 },
    ]);
    const survey = await getDb().query(
      'SELECT status, writeback_status FROM surveys WHERE id = $1',
      [s.id],
    );
    expect(survey.rows).toEqual([{ status: 'answered', writeback_status: 'pending' }]);
    const jobs = await writebackJobs(s.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toEqual({ surveyId: s.id });
    const runAt = new Date(jobs[0]!.run_at).getTime();
    expect(runAt).toBeGreaterThanOrEqual(before + 300_000 - 1000);
    expect(runAt).toBeLessThanOrEqual(Date.now() + 300_000 + 1000);

    const followup = await app().inject({ method: 'GET', url: s.path });
    expect(followup.statusCode).toBe(200);
    expect(followup.body).toContain('Bedankt voor uw antwoord!');
    expect(followup.body).toMatch(/name="score" value="2" required checked/);
    expect(followup.body).toContain('Ik werd van de een naar de ander doorverbonden');
    expect(followup.body).not.toMatch(/name="driver" value="[^"]*" checked/);
    expect(followup.body).toContain(`maxlength="${MAX_COMMENT_LENGTH}"`);

    const why = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({
        step: 'followup',
        score: '2',
        driver: 'transferred',
        comment: 'Drie keer\r\ndoorverbonden.',
      }),
    });
    expect(why.statusCode).toBe(303);
    expect(why.headers.location).toBe(`${s.path}?saved=1`);
    expect(await answerOf(s.id)).toEqual([
      {
        score: 2,
        scale_id: 'ces2_7',
        driver: 'transferred',
        comment: 'Drie keer\ndoorverbonden.',
        locale: 'nl',
        version: 2,
      },
    ]);

    const thanks = await app().inject({ method: 'GET', url: `${s.path}?saved=1` });
    expect(thanks.body).toContain('Bedankt voor uw feedback');
    expect(thanks.body).toContain('2 – Mee oneens');
    expect(thanks.body).toContain(`href="${s.path}?edit=1"`);

    // A different score from the email again: shown, not recorded, until confirmed.
    const again = await app().inject({ method: 'GET', url: `${s.path}?score=3` });
    expect(again.body).toMatch(/value="3" required checked/);
    expect((await answerOf(s.id))[0]!.score).toBe(2);
    const changed = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'score', score: '3' }),
    });
    expect(changed.statusCode).toBe(303);
    const after = await answerOf(s.id);
    // Still a difficult answer: the reason given for it still fits and stays.
    expect(after).toEqual([
      {
        score: 3,
        scale_id: 'ces2_7',
        driver: 'transferred',
        comment: 'Drie keer\ndoorverbonden.',
        locale: 'nl',
        version: 3,
      },
    ]);
    // One write-back job, moved to the end of the new quiet period.
    const moved = await writebackJobs(s.id);
    expect(moved).toHaveLength(1);
    expect(new Date(moved[0]!.run_at).getTime()).toBeGreaterThanOrEqual(runAt);

    // Posting the same answer again changes nothing.
    await app().inject({ method: 'POST', url: s.path, ...form({ step: 'score', score: '3' }) });
    expect((await answerOf(s.id))[0]!.version).toBe(3);
  });

  it('stores a comment with markup as text and shows it inert', async () => {
    const s = await newSurvey();
    await app().inject({ method: 'POST', url: s.path, ...form({ step: 'score', score: '3' }) });
    const comment = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
    await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'followup', score: '3', driver: '', comment }),
    });
    expect((await answerOf(s.id))[0]!.comment).toBe(comment);
    for (const url of [`${s.path}?saved=1`, `${s.path}?edit=1`]) {
      const html = (await app().inject({ method: 'GET', url })).body;
      expect(html).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;',
      );
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img');
    }
  });

  it('answers a tampered or unknown token with a not-found page in the browser’s language', async () => {
    const s = await newSurvey();
    const tampered = (s.token[0] === 'A' ? 'B' : 'A') + s.token.slice(1);
    for (const token of [tampered, 'nope', 'x'.repeat(43), '%3Cscript%3E']) {
      const res = await app().inject({
        method: 'GET',
        url: `/s/${token}`,
        headers: { 'accept-language': 'de-CH, de;q=0.9, en;q=0.5' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<html lang="de">');
      expect(res.body).toContain('Wir können diese Umfrage nicht finden');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    const post = await app().inject({
      method: 'POST',
      url: `/s/${tampered}`,
      headers: { ...form({}).headers, 'accept-language': 'fr' },
      payload: form({ step: 'score', score: '5' }).payload,
    });
    expect(post.statusCode).toBe(404);
    expect(post.body).toContain('Nous ne trouvons pas ce questionnaire');
    expect(await answerOf(s.id)).toEqual([]);
  });

  it('says politely that a closed survey is closed and keeps the answer it has', async () => {
    const s = await newSurvey();
    await app().inject({ method: 'POST', url: s.path, ...form({ step: 'score', score: '7' }) });
    await getDb().query(`UPDATE surveys SET closes_at = now() - interval '1 hour' WHERE id = $1`, [
      s.id,
    ]);
    const page = await app().inject({ method: 'GET', url: `${s.path}?score=1` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Deze enquête is gesloten');
    expect(page.body).toContain('7 – Helemaal mee eens');
    const post = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'score', score: '1' }),
    });
    expect(post.statusCode).toBe(410);
    expect((await answerOf(s.id))[0]!.score).toBe(7);
  });

  it('points a replaced link to the newer survey', async () => {
    const s = await newSurvey();
    await getDb().query(`UPDATE surveys SET status = 'superseded' WHERE id = $1`, [s.id]);
    const res = await app().inject({ method: 'GET', url: s.path });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Deze enquêtelink is vervangen');
  });

  it('answers a bad form with 400 and the form again, saying what to fix', async () => {
    const s = await newSurvey({ requesterLocale: 'en' });
    const offScale = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'score', score: '99' }),
    });
    expect(offScale.statusCode).toBe(400);
    expect(offScale.body).toContain('Please pick one of the answers.');
    expect(offScale.body).toContain('role="alert"');
    expect(offScale.body).toContain('aria-invalid="true"');

    const noStep = await app().inject({ method: 'POST', url: s.path, ...form({ score: '3' }) });
    expect(noStep.statusCode).toBe(400);
    expect(noStep.body).toContain('We couldn&#39;t read your answer');

    await app().inject({ method: 'POST', url: s.path, ...form({ step: 'score', score: '3' }) });
    const badDriver = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'followup', score: '3', driver: 'made_up' }),
    });
    expect(badDriver.statusCode).toBe(400);
    expect(badDriver.body).toContain('Please pick one of the listed reasons.');

    const long = 'a'.repeat(MAX_COMMENT_LENGTH + 1);
    const tooLong = await app().inject({
      method: 'POST',
      url: s.path,
      ...form({ step: 'followup', score: '3', driver: 'other', comment: long }),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(`longer than ${MAX_COMMENT_LENGTH} characters`);
    expect(tooLong.body).toContain(long); // the text is kept for the customer to shorten
    expect(await answerOf(s.id)).toMatchObject([{ score: 3, driver: null, comment: null }]);

    const wrongType = await app().inject({
      method: 'POST',
      url: s.path,
      headers: { 'content-type': 'application/xml' },
      payload: '<score>3</score>',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.body).toContain('We couldn&#39;t read your answer');
    expect(wrongType.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('sends the security headers, an inline style the CSP allows by hash, and nothing external', async () => {
    const s = await newSurvey();
    const res = await app().inject({ method: 'GET', url: `${s.path}?score=4` });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    const hash = crypto.createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.body).not.toMatch(/<script|onload=|onclick=|style="/);
    expect(Buffer.byteLength(res.body)).toBeLessThan(12_000);

    const missing = await app().inject({ method: 'GET', url: '/s/nope' });
    expect(missing.headers['content-security-policy']).toBe(csp);
  });

  it('asks in the account language when the requester’s is not shipped, and shows any scale', async () => {
    const s = await newSurvey(
      { requesterLocale: 'ja' },
      { defaultLocale: 'fr', scaleId: 'ces1_5', companyName: 'Acme' },
    );
    const res = await app().inject({ method: 'GET', url: s.path });
    expect(res.body).toContain('<html lang="fr">');
    expect(res.body).toContain(
      'Acme a traité votre demande. Quel effort avez-vous dû fournir personnellement ?',
    );
    // Effort scale: most effort first, as on every scale.
    const values = [...res.body.matchAll(/name="score" value="(\d+)"/g)].map((m) => m[1]);
    expect(values).toEqual(['5', '4', '3', '2', '1']);
    expect(res.body).toContain('Effort très important');

    const pt = await newSurvey({ requesterLocale: 'pt-BR' }, { scaleId: 'ease_10' });
    const ptPage = await app().inject({ method: 'GET', url: `${pt.path}?score=10` });
    expect(ptPage.body).toContain('<html lang="pt">');
    expect(ptPage.body).toContain('Quão fácil foi resolver seu problema com a empresa?');
    expect(ptPage.body).toMatch(
      /value="10" required checked><span class="num">10<\/span><span>Muito fácil/,
    );
  });

  it('is built for assistive technology: legend, labelled controls, one heading', async () => {
    const s = await newSurvey({ requesterLocale: 'en' });
    await app().inject({ method: 'POST', url: s.path, ...form({ step: 'score', score: '5' }) });
    const html = (await app().inject({ method: 'GET', url: s.path })).body;
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<fieldset/g)).toHaveLength(2);
    expect(html.match(/<legend>/g)).toHaveLength(2);
    // Every radio sits inside its label; the textarea has a label for it.
    const radios = html.match(/<input type="radio"/g)!.length;
    const labelled = html.match(/<label class="option"><input type="radio"/g)!.length;
    expect(labelled).toBe(radios);
    expect(html).toContain('<label for="comment">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
});

describeEachDatabase('survey page rate limit', (getDb) => {
  it('slows one address down with a localized 429 page', async () => {
    const app = await buildApp({
      config,
      db: getDb(),
      surveyRateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    try {
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({
          method: 'GET',
          url: '/s/unknown-token',
          headers: { 'accept-language': 'es' },
        });
        statuses.push(res.statusCode);
        last = res.body;
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(last).toContain('<html lang="es">');
      expect(last).toContain('Un momento, por favor');
    } finally {
      await app.close();
    }
  });
});
