import type { IncomingHttpHeaders } from 'node:http';

/**
 * True when the browser says a form post comes from another site's page: Sec-Fetch-Site when it
 * is sent, else an Origin that is not ours. A request that says neither (scripts, old browsers)
 * passes: the survey token in the path is what authorizes it.
 */
export function isCrossSitePost(headers: IncomingHttpHeaders, ownOrigins: string[]): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  // A same-origin post under Referrer-Policy: no-referrer sends "Origin: null": no evidence either way.
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return false;
  return !ownOrigins.includes(origin.toLowerCase());
}
