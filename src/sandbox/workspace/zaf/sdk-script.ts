import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where Zendesk's CDN serves the SDK; apps reference it and the sandbox serves it locally instead. */
export const ZAF_SDK_CDN_PATTERN =
  /https:\/\/static\.zdassets\.com\/zendesk_app_framework_sdk\/[^"']*?zaf_sdk(?:\.min)?\.js/g;

let cached: string | null = null;

/**
 * The `zendesk_app_framework_sdk` npm package as one browser script exposing `window.ZAFClient`.
 * The package ships CommonJS sources only, so its few files are wrapped in a minimal module table.
 */
export function zafSdkScript(): string {
  if (cached !== null) return cached;
  const root = path.dirname(require.resolve('zendesk_app_framework_sdk/package.json'));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    main?: string;
  };
  const entry = path.join(root, pkg.main ?? 'lib/index.js');
  const modules = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (modules.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    modules.set(file, source);
    for (const match of source.matchAll(/require\(['"](\.{1,2}\/[^'"]+)['"]\)/g)) {
      queue.push(resolveRelative(file, match[1] as string));
    }
  }
  const table = [...modules]
    .map(
      ([file, source]) =>
        `${JSON.stringify(moduleId(root, file))}: function (module, exports, require) {\n${source}\n}`,
    )
    .join(',\n');
  cached = `/* zendesk_app_framework_sdk, served by the sandbox from node_modules */
(function () {
  var defs = {
${table}
  };
  var cache = {};
  function dirname(id) { return id.slice(0, id.lastIndexOf('/')); }
  function join(base, rel) {
    var parts = base.split('/');
    rel.split('/').forEach(function (p) {
      if (p === '..') parts.pop(); else if (p !== '.') parts.push(p);
    });
    var id = parts.join('/');
    return /\\.js$/.test(id) ? id : id + '.js';
  }
  function load(id) {
    if (cache[id]) return cache[id].exports;
    var module = { exports: {} };
    cache[id] = module;
    defs[id](module, module.exports, function (rel) { return load(join(dirname(id), rel)); });
    return module.exports;
  }
  var sdk = load(${JSON.stringify(moduleId(root, entry))});
  window.ZAFClient = sdk && sdk.default ? sdk.default : sdk;
})();
`;
  return cached;
}

function resolveRelative(from: string, request: string): string {
  const target = path.resolve(path.dirname(from), request);
  return target.endsWith('.js') ? target : `${target}.js`;
}

function moduleId(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
