/** C0 control characters other than tab and line feed, and DEL: never meant as text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Text as a person meant it: control characters (NUL, which PostgreSQL cannot store, among them) removed. */
export function withoutControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

/**
 * The path of the first string in `value` holding a NUL character, or null when there is none.
 * Keys not in `knownFields` (the schemas' words) read as `*`: the path never repeats the request.
 */
export function findNul(
  value: unknown,
  knownFields?: ReadonlySet<string>,
  path = '',
): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const shown = !knownFields || knownFields.has(key) ? key : '*';
    const here = path ? `${path}/${shown}` : shown;
    if (key.includes('\u0000')) return here;
    const found = findNul(item, knownFields, here);
    if (found !== null) return found;
  }
  return null;
}
