/** The job's payload is not what its kind needs: no retry can fix it, so it is parked at once. */
export class InvalidJobPayloadError extends Error {
  constructor(kind: string, problem: string) {
    super(`The ${kind} job's payload is invalid: ${problem}.`);
    this.name = 'InvalidJobPayloadError';
  }
}

/** Reads `{ surveyId }`, the payload of every job kind so far. */
export function surveyIdOf(kind: string, payload: unknown): number {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidJobPayloadError(kind, 'expected an object with a surveyId');
  }
  const surveyId = (payload as { surveyId?: unknown }).surveyId;
  if (typeof surveyId !== 'number' || !Number.isSafeInteger(surveyId) || surveyId <= 0) {
    throw new InvalidJobPayloadError(kind, 'surveyId must be a positive whole number');
  }
  return surveyId;
}
