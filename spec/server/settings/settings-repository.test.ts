import { getSettings, saveSettings } from '../../../src/server/settings/settings-repository.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';

describeEachDatabase('settings repository', (getDb) => {
  it('gives the defaults while nothing is stored', async () => {
    expect(await getSettings(getDb())).toEqual(DEFAULT_SETTINGS);
  });

  it('stores a document and reads it back, replacing the earlier one', async () => {
    const db = getDb();
    await saveSettings(db, { ...DEFAULT_SETTINGS, companyName: 'Acme', scaleId: 'ease_10' });
    await saveSettings(db, {
      ...DEFAULT_SETTINGS,
      companyName: 'Acme BV',
      rules: { ...DEFAULT_SETTINGS.rules, throttleDays: 14 },
    });
    const settings = await getSettings(db);
    expect(settings.companyName).toBe('Acme BV');
    expect(settings.scaleId).toBe('ces2_7');
    expect(settings.rules.throttleDays).toBe(14);
    const { rows } = await db.query('SELECT id FROM settings');
    expect(rows).toHaveLength(1);
  });

  it('fills settings added after a document was stored from the defaults', async () => {
    const db = getDb();
    await db.query(
      `UPDATE settings SET data = '{"companyName":"Old","rules":{"samplingRate":0.5}}'::jsonb`,
    );
    const settings = await getSettings(db);
    expect(settings.companyName).toBe('Old');
    expect(settings.rules.samplingRate).toBe(0.5);
    expect(settings.rules.excludedTags).toEqual(DEFAULT_SETTINGS.rules.excludedTags);
    expect(settings.answerWindowDays).toBe(DEFAULT_SETTINGS.answerWindowDays);
  });
});
