import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import type { TicketSurveyResponse } from '../../../src/shared/api-types.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import en from '../../../translations/en.json';
import { appSessionToken } from '../../support/app-session.js';
import { fixedRoles } from '../../support/roles.js';
import { describeEachDatabase } from '../../support/databases.js';
import { surveyWithLink } from '../../support/survey-links.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.com' });
let nextTicket = 46_000;

function form(fields: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  };
}

/** The radios of one name that the page shows chosen. */
function checked(html: string, name: string): string[] {
  const re = new RegExp(`<input type="radio" name="${name}" value="([^"]*)"[^>]* checked>`, 'g');
  return [...html.matchAll(re)].map((m) => m[1]!);
}

describeEachDatabase(
  'survey page: the reason fits the answer, the scale is the link’s',
  (getDb) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp({ config, db: getDb(), roles: fixedRoles() });
    });
    afterAll(async () => {
      await app.close();
    });
    beforeEach(async () => {
      await saveSettings(getDb(), DEFAULT_SETTINGS);
    });

    async function newSurvey(settings: Partial<Settings> = {}, requesterLocale = 'en') {
      await saveSettings(getDb(), { ...DEFAULT_SETTINGS, ...settings });
      const ticketId = nextTicket++;
      const s = await surveyWithLink(getDb(), config, { ticketId, requesterLocale });
      return { ...s, ticketId };
    }

    const post = (path: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url: path, ...form(fields) });
    const page = async (url: string) => (await app.inject({ method: 'GET', url })).body;

    async function stored(surveyId: number) {
      const { rows } = await getDb().query<{
        score: number;
        scale_id: string;
        driver: string | null;
        comment: string | null;
      }>('SELECT score, scale_id, driver, comment FROM answers WHERE survey_id = $1', [surveyId]);
      return rows[0] ?? null;
    }

    async function apiAnswer(ticketId: number) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/tickets/${ticketId}`,
        headers: { authorization: `Bearer ${await appSessionToken(app.config)}` },
      });
      expect(res.statusCode).toBe(200);
      return res.json<TicketSurveyResponse>().survey?.answer ?? null;
    }

    it('opens from the email with the score chosen, one button, no script: only the press records', async () => {
      const s = await newSurvey();
      const html = await page(`${s.path}?scale=ces2_7&score=2`);
      expect(checked(html, 'score')).toEqual(['2']);
      expect(html).not.toContain('<script');
      expect(html.match(/<button/g)).toHaveLength(1);
      expect(html).toContain(en.survey.confirmNote);
      expect(html).toContain('<input type="hidden" name="scale" value="ces2_7">');
      expect(await stored(s.surveyId)).toBeNull();
      // The confirm script of old is gone: no timer anywhere to post by itself.
      expect((await app.inject({ method: 'GET', url: '/s/assets/confirm.js' })).statusCode).toBe(
        404,
      );

      expect((await post(s.path, { step: 'score', scale: 'ces2_7', score: '2' })).statusCode).toBe(
        303,
      );
      expect(await stored(s.surveyId)).toMatchObject({ score: 2, scale_id: 'ces2_7' });
    });

    it('asks a difficult answer what made it hard and an easy one what made it easy, nothing chosen', async () => {
      const s = await newSurvey();
      await post(s.path, { step: 'score', scale: 'ces2_7', score: '2' });
      const hard = await page(s.path);
      expect(hard).toContain(en.survey.driverLegend);
      expect(hard).toContain(en.drivers.took_too_long);
      expect(hard).not.toContain(en.drivers.quick);
      expect(checked(hard, 'driver')).toEqual([]);

      const e = await newSurvey();
      await post(e.path, { step: 'score', scale: 'ces2_7', score: '6' });
      const easy = await page(e.path);
      expect(easy).toContain(en.survey.easyDriverLegend);
      expect(easy).toContain(en.drivers.one_contact);
      expect(easy).not.toContain(en.drivers.took_too_long);
      expect(checked(easy, 'driver')).toEqual([]);
      // The customer may skip the reason.
      expect(
        (await post(e.path, { step: 'followup', scale: 'ces2_7', score: '6' })).statusCode,
      ).toBe(303);
      expect(await stored(e.surveyId)).toMatchObject({ score: 6, driver: null });
    });

    it('2/7 "took too long", then 7/7 from the email: no stale reason on the page, in the API or stored', async () => {
      const s = await newSurvey();
      await post(s.path, { step: 'score', scale: 'ces2_7', score: '2' });
      await post(s.path, {
        step: 'followup',
        scale: 'ces2_7',
        score: '2',
        driver: 'took_too_long',
        comment: 'Slow.',
      });
      expect(await stored(s.surveyId)).toMatchObject({ score: 2, driver: 'took_too_long' });
      expect((await apiAnswer(s.ticketId))?.driver).toBe('took_too_long');

      expect(checked(await page(`${s.path}?scale=ces2_7&score=7`), 'score')).toEqual(['7']);
      await post(s.path, { step: 'score', scale: 'ces2_7', score: '7' });
      expect(await stored(s.surveyId)).toEqual({
        score: 7,
        scale_id: 'ces2_7',
        driver: null,
        comment: 'Slow.',
      });
      expect(await apiAnswer(s.ticketId)).toMatchObject({ score: 7, band: 'easy', driver: null });
      const summary = await page(s.path);
      expect(summary).toContain('7 – Strongly agree');
      expect(summary).not.toContain(en.drivers.took_too_long);
      const edit = await page(`${s.path}?edit=1`);
      expect(edit).toContain(en.survey.easyDriverLegend);
      expect(edit).not.toContain(en.drivers.took_too_long);
      expect(checked(edit, 'driver')).toEqual([]);
    });

    it('keeps the reason while the score stays on the same side, drops one posted across sides', async () => {
      const s = await newSurvey();
      await post(s.path, { step: 'score', scale: 'ces2_7', score: '2' });
      await post(s.path, { step: 'followup', scale: 'ces2_7', score: '2', driver: 'transferred' });
      await post(s.path, { step: 'score', scale: 'ces2_7', score: '3' });
      expect(await stored(s.surveyId)).toMatchObject({ score: 3, driver: 'transferred' });

      // The follow-up form with the score moved to easy and the old reason still ticked.
      const moved = await post(s.path, {
        step: 'followup',
        scale: 'ces2_7',
        score: '6',
        driver: 'transferred',
        comment: 'Fine after all.',
      });
      expect(moved.statusCode).toBe(303);
      expect(moved.headers.location).toBe(`${s.path}?edit=1`);
      expect(await stored(s.surveyId)).toMatchObject({
        score: 6,
        driver: null,
        comment: 'Fine after all.',
      });
      const asked = await page(`${s.path}?edit=1`);
      expect(asked).toContain(en.survey.easyDriverLegend);
      expect(checked(asked, 'driver')).toEqual([]);
    });

    it('stores an old 7-point link’s answer on the 7-point scale after a switch to CES 1.0', async () => {
      const s = await newSurvey({ scaleId: 'ces1_5' });
      const shown = await page(`${s.path}?scale=ces2_7&score=7`);
      expect(checked(shown, 'score')).toEqual(['7']);
      expect(shown).toContain('<input type="hidden" name="scale" value="ces2_7">');
      expect(shown).toContain(en.scales.ces2_7.labels['7']);
      expect(shown).not.toContain(en.scales.ces1_5.labels['1']);

      await post(s.path, { step: 'score', scale: 'ces2_7', score: '7' });
      expect(await stored(s.surveyId)).toMatchObject({ score: 7, scale_id: 'ces2_7' });
      expect(await apiAnswer(s.ticketId)).toMatchObject({
        score: 7,
        scaleId: 'ces2_7',
        band: 'easy',
      });
      // The follow-up and the summary speak in the answer's scale, not the survey's.
      const followup = await page(s.path);
      expect(checked(followup, 'score')).toEqual(['7']);
      expect(followup).toContain('<input type="hidden" name="scale" value="ces2_7">');
      expect(followup).toContain(en.survey.easyDriverLegend);
      await post(s.path, { step: 'followup', scale: 'ces2_7', score: '7', comment: 'Great.' });
      expect(await page(`${s.path}?saved=1`)).toContain(`7 – ${en.scales.ces2_7.labels['7']}`);
      expect(await stored(s.surveyId)).toMatchObject({ score: 7, scale_id: 'ces2_7' });
    });

    it('falls back to the survey’s scale for a missing or unknown scale, and never moves a point across', async () => {
      const s = await newSurvey({ scaleId: 'ces1_5' });
      for (const url of [`${s.path}?score=5`, `${s.path}?scale=nope&score=5`]) {
        const html = await page(url);
        expect(checked(html, 'score')).toEqual(['5']);
        expect(html).toContain('<input type="hidden" name="scale" value="ces1_5">');
        expect(html).toContain(en.scales.ces1_5.labels['5']);
      }
      // 7 is no point of CES 1.0: nothing chosen, and a post of it is refused.
      expect(checked(await page(`${s.path}?scale=ces1_5&score=7`), 'score')).toEqual([]);
      expect((await post(s.path, { step: 'score', scale: 'ces1_5', score: '7' })).statusCode).toBe(
        400,
      );
      expect((await post(s.path, { step: 'score', score: '7' })).statusCode).toBe(400);
      expect(await stored(s.surveyId)).toBeNull();
      await post(s.path, { step: 'score', score: '4' });
      expect(await stored(s.surveyId)).toMatchObject({ score: 4, scale_id: 'ces1_5' });
    });

    it('labels the admin’s own reason in the customer’s language, else in English', async () => {
      const custom: Partial<Settings> = {
        easyDrivers: ['friendly_agent', 'quick'],
        customDriverLabels: {
          friendly_agent: { en: 'The agent was friendly', nl: 'De medewerker was vriendelijk' },
        },
      };
      const dutch = await newSurvey(custom, 'nl');
      await post(dutch.path, { step: 'score', scale: 'ces2_7', score: '7' });
      const nlPage = await page(dutch.path);
      expect(nlPage).toContain('De medewerker was vriendelijk');
      expect(nlPage).not.toContain(en.drivers.one_contact);
      const german = await newSurvey(custom, 'de');
      await post(german.path, { step: 'score', scale: 'ces2_7', score: '7' });
      expect(await page(german.path)).toContain('The agent was friendly');
      await post(german.path, {
        step: 'followup',
        scale: 'ces2_7',
        score: '7',
        driver: 'friendly_agent',
      });
      expect(await stored(german.surveyId)).toMatchObject({ driver: 'friendly_agent' });
    });
  },
);
