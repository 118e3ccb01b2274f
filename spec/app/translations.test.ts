import fs from 'node:fs';
import path from 'node:path';
import { keysOf, lookup, type Catalog } from '../../src/shared/i18n.js';
import { LOCALES } from '../../src/shared/locales.js';
import { SCALES } from '../../src/shared/scales.js';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../src/shared/settings.js';
import { CHANNELS } from '../../src/app/team/period.js';
import { isOwnPluralForm } from '../support/plural-forms.js';

const root = path.resolve(__dirname, '../..');
const catalogs = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(fs.readFileSync(path.join(root, 'translations', `${l}.json`), 'utf8')) as Catalog,
  ]),
);
const en = catalogs.en!;
/** The namespaces the app owns. */
const NAMESPACES = ['app', 'sidebar', 'team', 'settings', 'setup', 'common'];
const ours = (c: Catalog) => NAMESPACES.flatMap((ns) => keysOf((c[ns] as Catalog) ?? {}, `${ns}.`));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every source file of the app, for the static key check. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The message keys validateSettings can return, found by breaking every field at once. */
function everySettingsMessageKey(): string[] {
  const broken = {
    ...DEFAULT_SETTINGS,
    scaleId: 'nope',
    companyName: '',
    questionOverrides: { xx: 'q', nl: 'x'.repeat(301) },
    drivers: ['custom_one'],
    customDriverLabels: {},
    rules: {
      samplingRate: 2,
      throttleDays: -1,
      excludedGroupIds: [0],
      excludedBrandIds: ['a'],
      excludedChannels: [''],
      excludedTags: [5],
      skipWithoutAssignee: 'yes',
    },
    defaultLocale: 'xx',
  } as unknown as Settings;
  const keys = new Set(validateSettings(broken).map((p) => p.messageKey));
  keys.add(validateSettings({ ...DEFAULT_SETTINGS, drivers: [] })[0]!.messageKey);
  return [...keys];
}

describe('app translations', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every key English has, no more', (l) => {
    const english = new Set(ours(en));
    const own = ours(catalogs[l]!).filter((key) => !isOwnPluralForm(key, l, english));
    expect(own.sort()).toEqual([...english].sort());
  });

  it.each(LOCALES)('%s: no empty strings, same placeholders as English', (l) => {
    for (const key of ours(en)) {
      const value = lookup(catalogs[l]!, key);
      expect(value?.trim()).toBeTruthy();
      expect([key, placeholders(value!)]).toEqual([key, placeholders(lookup(en, key)!)]);
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s is really translated, not English copied', (l) => {
    const keys = ours(en);
    const same = keys.filter((k) => lookup(catalogs[l]!, k) === lookup(en, k));
    // Names and symbols ("API", "Webhook", "{score}/{max}") stay the same; sentences do not.
    expect(same.length / keys.length).toBeLessThan(0.12);
  });

  it('has every literal key the app code uses', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of sources(path.join(root, 'src/app'))) {
      const code = fs.readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bt\(\s*'([a-z][\w.]+)'/g)) {
        checked++;
        if (lookup(en, m[1]!) === null) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('has a key for every value the app builds a key from', () => {
    const built = [
      ...['sampled_out', 'throttled', 'excluded_group', 'excluded_brand', 'excluded_channel']
        .concat(['excluded_tag', 'no_assignee', 'no_requester', 'agent_requester'])
        .concat(['survey_open', 'already_answered', 'ticket_closed'])
        .map((r) => `sidebar.skip.${r}`),
      ...['pending', 'sent', 'answered', 'superseded', 'replaced'].map((s) => `sidebar.state.${s}`),
      ...['none', 'pending', 'done', 'ticket_closed', 'failed'].map(
        (s) => `sidebar.writeback.${s}`,
      ),
      ...['solve', 'manual'].map((o) => `sidebar.origin.${o}`),
      ...['easy', 'neutral', 'difficult'].map((b) => `common.bands.${b}`),
      // countMessage() picks the plural form by the number.
      ...['team.drivers.count', 'team.distribution.row', 'common.figures.weekSummary']
        .concat(['team.drivers.ofDifficult', 'team.drivers.unnamed'])
        .concat(['team.funnel.describeAbove', 'team.funnel.describeBelow'])
        .concat(['team.funnel.describeWithin'])
        .flatMap((k) => [`${k}.one`, `${k}.other`]),
      ...['above', 'within', 'below'].map((m) => `team.funnel.marks.${m}`),
      ...['ticket_field', 'webhook', 'trigger', 'dynamic_content'].map((k) => `setup.kinds.${k}`),
      ...['ok', 'missing', 'drifted'].map((s) => `setup.states.${s}`),
      ...CHANNELS.map((c) => `team.channels.${c}`),
      ...Object.keys(SCALES).map((id) => `settings.scales.${id}`),
      ...everySettingsMessageKey(),
    ];
    for (const l of LOCALES) {
      expect([l, built.filter((k) => lookup(catalogs[l]!, k) === null)]).toEqual([l, []]);
    }
  });

  it('labels every manifest parameter in every locale (Zendesk shows them in the install form)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as {
      parameters?: Array<{ name: string }>;
    };
    for (const l of LOCALES)
      for (const p of manifest.parameters ?? []) {
        expect(lookup(catalogs[l]!, `app.parameters.${p.name}.label`)).toBeTruthy();
        expect(lookup(catalogs[l]!, `app.parameters.${p.name}.helpText`)).toBeTruthy();
      }
  });
});
