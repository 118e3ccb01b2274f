/** An error the sandbox answers with Zendesk's status and body shape. */
export class ZendeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body.description === 'string'
        ? body.description
        : typeof body.error === 'string'
          ? body.error
          : `HTTP ${status}`,
    );
    this.name = 'ZendeskApiError';
  }
}

/** Zendesk's 404 body for a missing record. */
export function notFound(): ZendeskApiError {
  return new ZendeskApiError(404, { error: 'RecordNotFound', description: 'Not found' });
}

/** Zendesk's 422 body: `details` maps an attribute to its problems. */
export function recordInvalid(details: Record<string, string[]>): ZendeskApiError {
  const mapped: Record<string, Array<{ description: string; error: string }>> = {};
  for (const [field, messages] of Object.entries(details)) {
    mapped[field] = messages.map((description) => ({ description, error: 'InvalidValue' }));
  }
  return new ZendeskApiError(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: mapped,
  });
}

/** The exact 422 Zendesk gives any update to a closed ticket. */
export function closedTicket(): ZendeskApiError {
  return new ZendeskApiError(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: { status: [{ description: 'Status: closed prevents ticket update' }] },
  });
}

/** 400 for a body Zendesk cannot parse as the resource it expects. */
export function badRequest(description: string): ZendeskApiError {
  return new ZendeskApiError(400, { error: 'InvalidParameter', description });
}

/** The Webhooks API (a newer service) answers in JSON:API error style. */
export function webhookError(status: number, code: string, detail: string): ZendeskApiError {
  return new ZendeskApiError(status, { errors: [{ code, title: code, detail }] });
}
