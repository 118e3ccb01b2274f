/**
 * The uploadable app package, checked against Zendesk's published package rules (a port of
 * zendesk/zendesk_apps_support's validations in scripts/app-package-rules.ts): the real build is
 * zipped, unzipped and validated, then copies are broken one way at a time to show each rule bites.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { drawLogo } from '../../scripts/app-logos.js';
import { pngSize, validateAppPackage } from '../../scripts/app-package-rules.js';
import { assemble, buildApp, serviceOrigin, zipPackage } from '../../scripts/package-app.js';
import { measure, SIDEBAR_BUDGET_BYTES } from '../../bench/bundle/index.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ces-app-package-'));
const built = path.join(work, 'app');
const zipFile = path.join(work, 'app.zip');
const unzipped = path.join(work, 'unzipped');

/** Extracts every entry of a zip into `dir`. */
function unzip(file: string, dir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const target = path.join(dir, entry.fileName);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          stream.pipe(fs.createWriteStream(target)).on('close', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

let entries: string[] = [];

/** Parameters of the kind apps commonly have, for the rules about parameters. */
const SAMPLE_PARAMETERS = [
  { name: 'service_url', type: 'url', required: true },
  { name: 'shared_secret', type: 'text', secure: true, required: true, scopes: ['jwt_secret_key'] },
];

beforeAll(async () => {
  buildApp(built);
  assemble(built, { serviceUrl: 'https://ces.example.com/' });
  await zipPackage(built, zipFile);
  entries = await unzip(zipFile, unzipped);
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of the package with one thing changed. */
function mutated(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(work, 'mutant-'));
  fs.cpSync(unzipped, dir, { recursive: true });
  change(dir);
  return dir;
}
const readJson = (dir: string, file: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
const writeJson = (dir: string, file: string, value: unknown) =>
  fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
const editManifest = (edit: (m: Record<string, unknown>) => void) =>
  mutated((dir) => {
    const m = readJson(dir, 'manifest.json');
    edit(m);
    writeJson(dir, 'manifest.json', m);
  });
const editEn = (edit: (app: Record<string, unknown>) => void) =>
  mutated((dir) => {
    const en = readJson(dir, 'translations/en.json');
    edit(en.app as Record<string, unknown>);
    writeJson(dir, 'translations/en.json', en);
  });
const keys = (dir: string) => validateAppPackage(dir).map((p) => p.key);

describe('the app package', () => {
  it('passes every rule Zendesk applies to an uploaded package', () => {
    expect(validateAppPackage(unzipped)).toEqual([]);
  });

  it('has manifest, translations and logos at the root of the zip, and no pages or build leftovers', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'translations/en.json',
        'translations/nl.json',
        'translations/ro.json',
        'assets/logo.png',
        'assets/logo-small.png',
        'assets/icon_nav_bar.svg',
      ]),
    );
    // The service serves the pages (after checking Zendesk's signature): the zip has none.
    expect(entries.filter((e) => /\.(html|js|css)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.includes('.vite') || e.endsWith('.map'))).toEqual([]);
  });

  it('points every location at the service and asks Zendesk to sign the page loads', () => {
    const manifest = readJson(unzipped, 'manifest.json');
    expect(manifest.location).toEqual({
      support: {
        ticket_sidebar: { url: 'https://ces.example.com/app/sidebar.html', flexible: true },
        nav_bar: { url: 'https://ces.example.com/app/team.html' },
      },
    });
    expect(manifest.signedUrls).toBe(true);
    expect(manifest.frameworkVersion).toBe('2.0');
    // No shared secret and no proxy: nothing for an admin to type in, nothing to whitelist.
    expect(manifest.parameters).toBeUndefined();
    expect(manifest.domainWhitelist).toBeUndefined();
    expect(() => serviceOrigin('http://ces.example.com')).toThrow(/https/);
    expect(() => serviceOrigin('not a url')).toThrow(/not a URL/);
  });

  it('builds pages that load their scripts by relative URL, from files the service serves beside them', () => {
    for (const page of ['sidebar.html', 'team.html']) {
      const html = fs.readFileSync(path.join(built, 'assets', page), 'utf8');
      const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(srcs.length).toBeGreaterThan(0);
      for (const src of srcs) {
        expect(src).toMatch(/^\.\//);
        expect(fs.existsSync(path.join(built, 'assets', src.slice(2)))).toBe(true);
      }
    }
  });

  it('bundles the ZAF SDK instead of loading it from a CDN', () => {
    const dir = path.join(built, 'assets');
    const js = fs.readdirSync(dir).filter((e) => e.endsWith('.js'));
    const code = js.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(code).toContain('iframe.handshake');
    expect(code).not.toContain('static.zdassets.com');
  });

  it('ships logos of the sizes the marketplace asks for', () => {
    expect(pngSize(fs.readFileSync(path.join(unzipped, 'assets/logo.png')))).toEqual({
      width: 320,
      height: 320,
    });
    expect(pngSize(fs.readFileSync(path.join(unzipped, 'assets/logo-small.png')))).toEqual({
      width: 128,
      height: 128,
    });
  });

  it('keeps the sidebar within 150 KB of gzipped JS, its locale chunk included', () => {
    const sizes = measure(path.join(built, 'assets'));
    const sidebar = sizes.find((s) => s.page === 'sidebar.html')!;
    expect(sidebar.files.length).toBeGreaterThan(1);
    expect(sidebar.gzipBytes + sidebar.largestLazyGzipBytes).toBeLessThanOrEqual(
      SIDEBAR_BUDGET_BYTES,
    );
    expect(sizes.map((s) => s.page).sort()).toEqual(['sidebar.html', 'team.html']);
  });

  it('carries only the `app` namespace in its translations', () => {
    for (const f of entries.filter((e) => e.startsWith('translations/')))
      expect(Object.keys(readJson(unzipped, f))).toEqual(['app']);
  });
});

describe('the package rules catch', () => {
  it.each(['author', 'defaultLocale', 'frameworkVersion', 'location'])(
    'a manifest without %s',
    (key) => {
      const dir = editManifest((m) => delete m[key]);
      const problems = validateAppPackage(dir);
      expect(problems.map((p) => p.key)).toContain('manifest_keys.missing');
      expect(problems.find((p) => p.key === 'manifest_keys.missing')!.message).toContain(key);
    },
  );

  it('a missing manifest, and a manifest nested in a folder', () => {
    expect(keys(mutated((dir) => fs.rmSync(path.join(dir, 'manifest.json'))))).toEqual([
      'missing_manifest',
    ]);
    const nested = mutated((dir) => {
      fs.mkdirSync(path.join(dir, 'app'));
      fs.renameSync(path.join(dir, 'manifest.json'), path.join(dir, 'app/manifest.json'));
    });
    expect(keys(nested)).toEqual(['nested_manifest']);
  });

  it('a framework version Zendesk does not serve', () => {
    expect(keys(editManifest((m) => (m.frameworkVersion = '1.0')))).toContain('invalid_version');
  });

  it('an unknown location, and a location page that is not in the package', () => {
    const unknown = editManifest((m) => {
      (m.location as { support: Record<string, unknown> }).support.ticket_bar = 'assets/x.html';
    });
    expect(keys(unknown)).toContain('invalid_location');
    const missingPage = editManifest((m) => {
      (m.location as { support: Record<string, unknown> }).support.nav_bar = 'assets/gone.html';
    });
    expect(keys(missingPage)).toContain('invalid_location_uri');
    const http = editManifest((m) => {
      (m.location as { support: Record<string, unknown> }).support.nav_bar = 'http://x.com/a';
    });
    expect(keys(http)).toContain('invalid_location_uri');
  });

  it('a parameter of an unknown type, named "name", or with scopes it may not have', () => {
    // The app has no parameters now; the rules still guard any it may get.
    const params = (m: Record<string, unknown>) =>
      (m.parameters ??= structuredClone(SAMPLE_PARAMETERS)) as Array<Record<string, unknown>>;
    expect(keys(editManifest((m) => (params(m)[0]!.type = 'password')))).toContain(
      'invalid_type_parameter',
    );
    expect(keys(editManifest((m) => (params(m)[0]!.name = 'name')))).toContain(
      'name_as_parameter_name',
    );
    expect(keys(editManifest((m) => (params(m)[1]!.scopes = ['everything'])))).toContain(
      'field_contains_invalid_values',
    );
    expect(keys(editManifest((m) => (params(m)[1]!.secure = false)))).toContain(
      'field_requires_secure_parameter',
    );
    expect(keys(editManifest((m) => (params(m)[1]!.name = 'service_url')))).toContain(
      'duplicate_parameters',
    );
  });

  it.each(['name', 'short_description', 'long_description', 'installation_instructions'])(
    'an English catalog without app.%s',
    (key) => {
      expect(keys(editEn((app) => delete app[key]))).toContain('translation.missing_required_key');
    },
  );

  it('a parameter without a translated label', () => {
    const withParameters = (edit: (labels: Record<string, Record<string, string>>) => void) =>
      mutated((dir) => {
        const m = readJson(dir, 'manifest.json');
        m.parameters = structuredClone(SAMPLE_PARAMETERS);
        writeJson(dir, 'manifest.json', m);
        const en = readJson(dir, 'translations/en.json');
        const labels = { service_url: { label: 'URL' }, shared_secret: { label: 'Secret' } };
        edit(labels);
        (en.app as Record<string, unknown>).parameters = labels;
        writeJson(dir, 'translations/en.json', en);
      });
    expect(keys(withParameters(() => undefined))).not.toContain(
      'translation.missing_required_key_on_leaf',
    );
    expect(keys(withParameters((l) => delete l.shared_secret!.label))).toContain(
      'translation.missing_required_key_on_leaf',
    );
    expect(keys(withParameters((l) => delete l.service_url))).toContain(
      'translation.missing_required_key_on_leaf',
    );
  });

  it('no translation for the default locale, and a translation that is not nested strings', () => {
    expect(keys(mutated((dir) => fs.rmSync(path.join(dir, 'translations/en.json'))))).toContain(
      'missing_translation_file',
    );
    expect(
      keys(mutated((dir) => writeJson(dir, 'translations/nl.json', { app: { n: 1 } }))),
    ).toContain('translation.invalid_format');
  });

  it.each(['assets/logo.png', 'assets/logo-small.png'])('a package without %s', (file) => {
    expect(keys(mutated((dir) => fs.rmSync(path.join(dir, file))))).toContain('missing_asset');
  });

  it('a logo of the wrong size', () => {
    const dir = mutated((dir) =>
      fs.copyFileSync(path.join(dir, 'assets/logo-small.png'), path.join(dir, 'assets/logo.png')),
    );
    expect(validateAppPackage(dir)).toEqual([
      { key: 'invalid_asset', message: 'assets/logo.png is 128×128; it must be 320×320' },
    ]);
  });

  it('a nav bar location without its icon, and an icon with script in it', () => {
    expect(keys(mutated((dir) => fs.rmSync(path.join(dir, 'assets/icon_nav_bar.svg'))))).toContain(
      'missing_location_icon',
    );
    const dirty = mutated((dir) =>
      fs.writeFileSync(
        path.join(dir, 'assets/icon_nav_bar.svg'),
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0h1v1z"/></svg>',
      ),
    );
    expect(keys(dirty)).toContain('dirty_svg');
  });

  it('files of a type Zendesk refuses', () => {
    const dir = mutated((dir) => fs.writeFileSync(path.join(dir, 'assets/old.zip'), 'PK'));
    expect(keys(dir)).toContain('unsupported_mime_type_detected');
  });
});

describe('the logos', () => {
  it('are the ones scripts/app-logos.ts draws (regenerate them with it)', () => {
    const root = path.resolve(__dirname, '../..');
    expect(drawLogo(320).equals(fs.readFileSync(path.join(root, 'assets/logo.png')))).toBe(true);
    expect(drawLogo(128).equals(fs.readFileSync(path.join(root, 'assets/logo-small.png')))).toBe(
      true,
    );
  });
});
