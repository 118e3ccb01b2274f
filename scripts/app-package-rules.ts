/**
 * The checks Zendesk runs on an uploaded app package, ported from zendesk/zendesk_apps_support
 * (lib/zendesk_apps_support/validations/{manifest,translations,marketplace,svg,mime}.rb, package.rb,
 * location.rb, app_version.rb, manifest/parameter.rb) so `zcli apps:validate`, which needs an
 * account, has an offline stand-in. Error keys are Zendesk's own. Only what applies to an iframe
 * (frameworkVersion 2) Support app is ported; the asset rules come from Zendesk's "file
 * requirements" (logo.png, logo-small.png) and its marketplace sizes (320×320, 128×128).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PackageProblem {
  /** Zendesk's error key (txt.apps.admin.error.app_build.<key>), or ours for asset rules. */
  key: string;
  message: string;
}

/** manifest.rb REQUIRED_MANIFEST_FIELDS: author and defaultLocale; frameworkVersion and location for non-marketing apps. */
const REQUIRED_FIELDS = ['author', 'defaultLocale'] as const;
/** parameter.rb TYPES, minus mtls (allowed only behind a flag). */
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
/** manifest.rb SECURE_PARAM_SCOPES. */
const SECURE_PARAM_SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
];
/** app_version.rb TO_BE_SERVED. */
const SERVED_FRAMEWORK_VERSIONS = ['2.0'];
/** location.rb: the Support product's locations. */
const SUPPORT_LOCATIONS = [
  'top_bar',
  'nav_bar',
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
];
const HOSTS = ['support', 'zendesk', 'chat', 'zopim', 'standalone_chat', 'lotus_box', 'sell'];
/** package.rb LOCATIONS_WITH_ICONS_PER_PRODUCT for Support: these need icon_<location>.svg. */
const LOCATIONS_WITH_ICONS = ['top_bar', 'nav_bar', 'system_top_bar', 'ticket_editor'];
/** translations.rb: what a public app's en.json must carry under `app`. */
const MARKETPLACE_KEYS = [
  'name',
  'short_description',
  'installation_instructions',
  'long_description',
];
const VALID_LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
/** marketplace.rb WHITELISTED_EXPERIMENTS. */
const ALLOWED_EXPERIMENTS = ['hashParams', 'newCssCompiler'];
/** mime.rb UNSUPPORTED_MIME_TYPES, by extension. */
const BLOCKED_EXTENSIONS = [
  'rar',
  'zip',
  'gz',
  'pdf',
  'doc',
  'docx',
  'avi',
  'bin',
  'bz',
  'bz2',
  'csh',
  'sh',
  'jar',
  'mp3',
  'mpeg',
  'odt',
  'pptx',
  'ppt',
  'xls',
  'xlsx',
  '7z',
];
/** Zendesk's app file requirements and marketplace logo sizes. */
const LOGOS: Array<[string, number]> = [
  ['assets/logo.png', 320],
  ['assets/logo-small.png', 128],
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function problem(key: string, message: string): PackageProblem {
  return { key, message };
}

/** Every file of the package, relative with forward slashes. */
function listFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isSymbolicLink()) return [rel];
    return e.isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** Width and height from a PNG's IHDR chunk, or null when the file is not a PNG. */
export function pngSize(buf: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (buf.length < 24 || buf.subarray(0, 8).toString('hex') !== signature) return null;
  if (buf.subarray(12, 16).toString('ascii') !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function validUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function checkManifest(files: Set<string>, manifest: Json): PackageProblem[] {
  const out: PackageProblem[] = [];
  const missing: string[] = REQUIRED_FIELDS.filter((k) => manifest[k] === undefined);
  const location = manifest.location;
  if (!isObject(location) || Object.keys(location).length === 0) missing.push('location');
  if (manifest.frameworkVersion === undefined) missing.push('frameworkVersion');
  if (missing.length > 0)
    out.push(
      problem(
        'manifest_keys.missing',
        `Missing required fields in manifest: ${missing.join(', ')}`,
      ),
    );

  for (const k of ['defaultLocale', 'version', 'frameworkVersion', 'termsConditionsURL']) {
    if (manifest[k] !== undefined && typeof manifest[k] !== 'string')
      out.push(problem('unacceptable_string', `${k} must be a string`));
  }
  if (
    manifest.frameworkVersion !== undefined &&
    !SERVED_FRAMEWORK_VERSIONS.includes(String(manifest.frameworkVersion))
  )
    out.push(
      problem(
        'invalid_version',
        `frameworkVersion ${String(manifest.frameworkVersion)} is not served; use ${SERVED_FRAMEWORK_VERSIONS.join(', ')}`,
      ),
    );

  const author = manifest.author;
  if (author !== undefined) {
    if (!isObject(author)) out.push(problem('unacceptable_hash', 'author must be an object'));
    else {
      for (const f of ['name', 'email', 'url'])
        if (author[f] !== undefined && typeof author[f] !== 'string')
          out.push(problem('unacceptable_string', `author ${f} must be a string`));
      if (author.url !== undefined && !validUrl(author.url))
        out.push(problem('invalid_url', `author url ${String(author.url)} is not a URL`));
    }
  }

  const locale = manifest.defaultLocale;
  if (typeof locale === 'string') {
    if (!VALID_LOCALE.test(locale))
      out.push(problem('invalid_default_locale', `${locale} is not a locale`));
    else if (!files.has(`translations/${locale}.json`))
      out.push(
        problem('missing_translation_file', `Missing translation file for locale '${locale}'`),
      );
  }

  const whitelist = manifest.domainWhitelist;
  if (
    whitelist !== undefined &&
    !(Array.isArray(whitelist) && whitelist.every((d) => typeof d === 'string'))
  )
    out.push(
      problem('unacceptable_array_of_strings', 'domainWhitelist must be an array of strings'),
    );

  const experiments = manifest.experiments ?? {};
  if (!isObject(experiments))
    out.push(problem('unacceptable_hash', 'experiments must be an object'));
  else
    for (const [name, on] of Object.entries(experiments))
      if (on && !ALLOWED_EXPERIMENTS.includes(name))
        out.push(problem('invalid_experiment', `unknown experiment ${name}`));

  for (const b of ['requirementsOnly', 'marketingOnly', 'singleInstall', 'signedUrls', 'private'])
    if (manifest[b] !== undefined && typeof manifest[b] !== 'boolean')
      out.push(problem('unacceptable_boolean', `${b} must be true or false`));

  if (isObject(location)) out.push(...checkLocations(files, location));
  out.push(...checkParameters(manifest.parameters));
  return out;
}

/** manifest.rb invalid_location_uri_error: https (or localhost), or a packaged file under assets/. */
function locationUrlOk(url: string, files: Set<string>): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.hostname === 'localhost';
  } catch {
    const p = url.split(/[?#]/)[0]!;
    return p.startsWith('assets/') && files.has(p);
  }
}

function checkLocations(files: Set<string>, location: Json): PackageProblem[] {
  const out: PackageProblem[] = [];
  for (const [host, locations] of Object.entries(location)) {
    if (!HOSTS.includes(host)) {
      out.push(problem('invalid_host', `${host} is an invalid host for apps`));
      continue;
    }
    if (!isObject(locations)) continue;
    const unknown = Object.keys(locations).filter(
      (l) => (host === 'support' || host === 'zendesk') && !SUPPORT_LOCATIONS.includes(l),
    );
    if (unknown.length > 0)
      out.push(
        problem('invalid_location', `${unknown.join(', ')} is an invalid location in Support`),
      );
    for (const [name, raw] of Object.entries(locations)) {
      const options = isObject(raw) ? raw : { url: raw };
      const url = options.url;
      if (typeof url === 'string' && url !== '') {
        if (url === '_legacy')
          out.push(problem('locations_must_be_urls', `${name} uses a v1 template`));
        else if (!url.includes('{{setting.') && !locationUrlOk(url, files)) {
          out.push(
            problem(
              'invalid_location_uri',
              `${url} is either an invalid location URI, refers to a missing asset, or does not use HTTPS`,
            ),
          );
        }
      } else if (options.autoLoad !== false) {
        out.push(problem('blank_location_uri', `${name} location does not specify a URI`));
      }
      if (options.flexible !== undefined && typeof options.flexible !== 'boolean')
        out.push(
          problem(
            'invalid_location_flexible_type',
            `${String(options.flexible)} is an invalid type for flexible`,
          ),
        );
      // package.rb location_icons: a nav bar or top bar app shows icon_<location>.svg (or PNGs).
      if ((host === 'support' || host === 'zendesk') && LOCATIONS_WITH_ICONS.includes(name)) {
        const svg = `assets/icon_${name}.svg`;
        const png = `assets/icon_${name}_inactive.png`;
        if (!files.has(svg) && !files.has(png))
          out.push(
            problem(
              'missing_location_icon',
              `${name} needs ${svg} (Zendesk shows it in the ${name})`,
            ),
          );
      }
    }
  }
  return out;
}

function checkParameters(parameters: unknown): PackageProblem[] {
  const out: PackageProblem[] = [];
  if (parameters === undefined) return out;
  if (!Array.isArray(parameters))
    return [problem('parameters_not_an_array', 'parameters must be an array')];
  const names = parameters.map((p) => (isObject(p) ? p.name : undefined));
  const dupes = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (dupes.length > 0)
    out.push(problem('duplicate_parameters', `duplicate parameters: ${dupes.join(', ')}`));
  for (const raw of parameters) {
    if (!isObject(raw)) continue;
    const name = String(raw.name);
    const type = raw.type ?? 'text';
    if (typeof raw.name !== 'string' || raw.name === '')
      out.push(problem('parameter_name', 'every parameter needs a name'));
    if (name === 'name')
      out.push(problem('name_as_parameter_name', "'name' cannot be a parameter name"));
    if (typeof type !== 'string' || !PARAMETER_TYPES.includes(type))
      out.push(problem('invalid_type_parameter', `${String(type)} is an invalid parameter type`));
    for (const b of ['required', 'secure'])
      if (raw[b] !== undefined && typeof raw[b] !== 'boolean')
        out.push(
          problem('unacceptable_boolean', `parameters[name="${name}"].${b} must be true or false`),
        );
    if (type === 'hidden' && raw.required)
      out.push(problem('invalid_hidden_parameter', `${name} is hidden and required`));
    if (type === 'oauth' && raw.secure)
      out.push(problem('oauth_parameter_cannot_be_secure', `${name}`));
    if (raw.scopes !== undefined) {
      if (!raw.secure)
        out.push(
          problem(
            'field_requires_secure_parameter',
            `parameters[name="${name}"].scopes cannot be defined in a non-secure parameter`,
          ),
        );
      if (!Array.isArray(raw.scopes))
        out.push(
          problem('unacceptable_array', `parameters[name="${name}"].scopes must be an array`),
        );
      else if (raw.scopes.length === 0)
        out.push(
          problem('field_cannot_be_empty', `parameters[name="${name}"].scopes cannot be empty`),
        );
      else {
        const bad = raw.scopes.filter((s) => !SECURE_PARAM_SCOPES.includes(String(s)));
        if (bad.length > 0)
          out.push(
            problem(
              'field_contains_invalid_values',
              `parameters[name="${name}"].scopes contains invalid values: ${bad.join(', ')}`,
            ),
          );
      }
    }
  }
  return out;
}

/** A catalog is nested objects of strings (translations.rb validate_translation_format). */
function isCatalog(v: unknown): boolean {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string' || isCatalog(x));
}

function checkTranslations(root: string, files: string[], manifest: Json): PackageProblem[] {
  const out: PackageProblem[] = [];
  for (const file of files) {
    const m = /^translations\/(.*)\.json$/.exec(file);
    if (!m) continue;
    if (!VALID_LOCALE.test(m[1]!))
      out.push(problem('translation.invalid_locale', `${file} is not named after a locale`));
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
    } catch (e) {
      out.push(problem('translation.not_json', `${file}: ${(e as Error).message}`));
      continue;
    }
    if (!isObject(json)) {
      out.push(problem('translation.not_json_object', `${file} is not a JSON object`));
      continue;
    }
    if (!isCatalog(json))
      out.push(problem('translation.invalid_format', `${file} must hold only nested strings`));
    const app = isObject(json.app) ? json.app : {};
    // Every parameter leaf needs a label (translations.rb format_error).
    if (isObject(app.parameters))
      for (const [param, leaf] of Object.entries(app.parameters))
        if (!isObject(leaf) || typeof leaf.label !== 'string')
          out.push(
            problem(
              'translation.missing_required_key_on_leaf',
              `Missing required key label on leaf ${param} from ${file}`,
            ),
          );
    if (file === 'translations/en.json') {
      // Checked as for a public app even when private: the listing needs every text.
      const keys = Object.keys(app).map((k) => (k === 'description' ? 'short_description' : k));
      const missing = MARKETPLACE_KEYS.filter((k) => !keys.includes(k));
      if (missing.length > 0)
        out.push(
          problem(
            'translation.missing_required_key',
            `Missing required key from ${file}: ${missing.join(', ')}`,
          ),
        );
      // Zendesk labels the install form from these; a parameter without one shows its raw name.
      const params = Array.isArray(manifest.parameters) ? manifest.parameters : [];
      for (const p of params)
        if (isObject(p) && !(isObject(app.parameters) && isObject(app.parameters[String(p.name)])))
          out.push(
            problem(
              'translation.missing_required_key_on_leaf',
              `Missing required key label on leaf ${String(p.name)} from ${file}`,
            ),
          );
    }
  }
  return out;
}

function checkAssets(root: string, files: Set<string>): PackageProblem[] {
  const out: PackageProblem[] = [];
  for (const [file, size] of LOGOS) {
    if (!files.has(file)) {
      out.push(problem('missing_asset', `${file} is required`));
      continue;
    }
    const dims = pngSize(fs.readFileSync(path.join(root, file)));
    if (!dims) out.push(problem('invalid_asset', `${file} is not a PNG`));
    else if (dims.width !== size || dims.height !== size)
      out.push(
        problem(
          'invalid_asset',
          `${file} is ${dims.width}×${dims.height}; it must be ${size}×${size}`,
        ),
      );
  }
  for (const file of files) {
    if (!/^assets\/.*\.svg$/.test(file)) continue;
    const svg = fs.readFileSync(path.join(root, file), 'utf8');
    // svg.rb: markup Loofah would scrub is rewritten (bitmaps replaced); we refuse it instead.
    if (
      /<script|<foreignObject|\son\w+\s*=|javascript:|<image\b|xlink:href\s*=\s*["'](?!#)/i.test(
        svg,
      )
    )
      out.push(
        problem(
          'dirty_svg',
          `${file} contains markup Zendesk removes (scripts, handlers, bitmaps or external links)`,
        ),
      );
    if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg))
      out.push(problem('dirty_svg', `${file} is not an SVG`));
  }
  return out;
}

/** Every problem Zendesk would report for the unpacked app package at `root`. */
export function validateAppPackage(root: string): PackageProblem[] {
  const all = fs.existsSync(root) ? listFiles(root) : [];
  const files = new Set(all);
  if (!files.has('manifest.json')) {
    const nested = all.find((f) => /^[^/]+\/manifest\.json$/.test(f));
    return [
      nested
        ? problem('nested_manifest', `manifest.json is not at the root but ${nested} is`)
        : problem('missing_manifest', 'Could not find manifest.json'),
    ];
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  } catch (e) {
    return [problem('manifest_not_json', `manifest is not proper JSON. ${(e as Error).message}`)];
  }
  if (!isObject(manifest)) return [problem('manifest_not_json', 'manifest is not a JSON object')];
  const out = checkManifest(files, manifest);
  // package.rb: the remaining validations run only on a valid manifest.
  if (out.length > 0) return out;
  for (const f of all) {
    if (fs.lstatSync(path.join(root, f)).isSymbolicLink())
      out.push(problem('symlink_in_zip', `${f} is a symlink`));
    const ext = path.extname(f).slice(1).toLowerCase();
    if (BLOCKED_EXTENSIONS.includes(ext))
      out.push(problem('unsupported_mime_type_detected', `${f} has an unsupported type`));
  }
  out.push(...checkTranslations(root, all, manifest));
  out.push(...checkAssets(root, files));
  return out;
}
