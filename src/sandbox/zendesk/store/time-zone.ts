/** A Zendesk account time zone: Zendesk's display name and the IANA name beside it. */
export interface AccountTimeZone {
  name: string;
  iana: string;
}

export const SANDBOX_TIME_ZONE: AccountTimeZone = { name: 'UTC', iana: 'Etc/UTC' };

/** SANDBOX_TIME_ZONE (an IANA name such as America/New_York) for the launchers; default UTC. */
export function sandboxTimeZoneFromEnv(env: NodeJS.ProcessEnv = process.env): AccountTimeZone {
  const iana = env.SANDBOX_TIME_ZONE;
  if (!iana) return SANDBOX_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: iana });
  } catch {
    throw new Error(
      `SANDBOX_TIME_ZONE is "${iana}": give an IANA time zone such as America/New_York.`,
    );
  }
  return { name: iana, iana };
}
