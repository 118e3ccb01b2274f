/**
 * Server-rendered HTML (the survey pages, the app's error page, the sandbox's workspace): every
 * interpolated value is escaped unless it is a fragment built by `html` or marked with `rawHtml`,
 * the one greppable opt-out.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A fragment of HTML that is already safe (built by `html` or escaped on purpose). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Text that goes into the page as it is: only for constants of our own (a style sheet), never for
 * anything a person typed. Grep for it when reviewing.
 */
export function rawHtml(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Tagged template: `html\`<p>${customerText}</p>\`` escapes customerText. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Embeds data for a page script as a non-executed JSON block that cannot close its own tag. */
export function jsonBlock(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
