/**
 * The account's email templates around a trigger's "Email user" body, as Zendesk documents them
 * (support.zendesk.com/hc/en-us/articles/4408886168090, "Customizing your email templates"): every
 * notification has an HTML part and a plain-text part, each a template with {{delimiter}},
 * {{content}} (the rendered trigger body) and {{footer}}. The layout below follows Zendesk's
 * default HTML template; how Zendesk derives the plain-text part from an HTML body is not
 * documented, so the sandbox's conversion (links as "text: address") is a guess.
 */

import { escapeHtml } from '../../shared/html.js';

const DELIMITER = '##- Please type your reply above this line -##';

/** True when a trigger body is HTML rather than plain text (it has at least one tag). */
export function isHtmlBody(body: string): boolean {
  return /<([a-z][a-z0-9]*)\b[^>]*>/i.test(body);
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    if (name.startsWith('#')) {
      const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : '';
    }
    const map: Record<string, string> = {
      amp: '&',
      lt: '<',
      gt: '>',
      quot: '"',
      nbsp: ' ',
    };
    return map[name] ?? '';
  });
}

/** A plain-text body as HTML: escaped, line breaks kept, addresses clickable. */
export function plainToHtml(text: string): string {
  return escapeHtml(text)
    .replace(
      /https?:\/\/[^\s<>"']+?(?=[.,;:!?)]*(?:\s|$))/g,
      (url) => `<a href="${url}">${url}</a>`,
    )
    .replace(/\n/g, '<br>');
}

/** The plain-text part of an HTML body: block ends become line breaks, links "text: address". */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, '')
    .replace(
      /<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi,
      (_, href: string, inner: string) => {
        const label = inner.replace(/<[^>]+>/g, '').trim();
        return `\n${label}: ${href}\n`;
      },
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|h[1-6]|li|table)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface EmailParts {
  html: string;
  text: string;
}

/** Both parts of the email Zendesk sends for a rendered trigger body. */
export function wrapInTemplates(content: string, accountName: string): EmailParts {
  const html = isHtmlBody(content) ? content : plainToHtml(content);
  const text = isHtmlBody(content) ? htmlToText(content) : content;
  const footer = `This email is a service from ${accountName}.`;
  return {
    // `<base target="_top">` is the sandbox's: a click in the outbox's frame opens the page in
    // the window, as a mail app opens it in the browser.
    html: [
      '<!DOCTYPE html><html><head><meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<meta name="color-scheme" content="light dark"><base target="_top"></head>',
      '<body style="margin:0;padding:0;">',
      `<div style="padding:10px;line-height:18px;font-family:'Lucida Grande',Verdana,Arial,sans-serif;font-size:12px;">`,
      `<div style="color:#8a8a8a;">${escapeHtml(DELIMITER)}</div>`,
      `<div style="margin-top:15px;">${html}</div>`,
      `<div style="color:#8a8a8a;margin:10px 0 14px 0;padding-top:10px;border-top:1px solid #cccccc;">${escapeHtml(footer)}</div>`,
      '</div></body></html>',
    ].join(''),
    text: `${DELIMITER}\n\n${text}\n\n--------------------------------\n${footer}`,
  };
}
