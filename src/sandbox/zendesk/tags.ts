/**
 * Zendesk's tag rules: lower-cased, whitespace splits one string into several tags, duplicates
 * collapse, order of first appearance kept. Guess: characters Zendesk strips (such as `#`, `,`)
 * are left alone here; the service only writes plain `[a-z0-9_]` tags.
 */
export function normalizeTags(input: unknown): string[] {
  const raw: string[] = [];
  if (typeof input === 'string') raw.push(input);
  else if (Array.isArray(input)) {
    for (const item of input)
      if (typeof item === 'string' || typeof item === 'number') raw.push(String(item));
  }
  const out: string[] = [];
  for (const chunk of raw) {
    for (const tag of chunk.toLowerCase().split(/\s+/)) {
      if (tag !== '' && !out.includes(tag)) out.push(tag);
    }
  }
  return out;
}

export function addTags(current: string[], add: string[]): string[] {
  const out = [...current];
  for (const tag of add) if (!out.includes(tag)) out.push(tag);
  return out;
}

export function removeTags(current: string[], remove: string[]): string[] {
  return current.filter((tag) => !remove.includes(tag));
}
