/**
 * Contract violations the sandbox saw, kept on globalThis so a test file's setup (which may load
 * its own copy of this module) reads the same list the sandbox writes.
 */
export interface ContractViolation {
  kind: 'request' | 'response';
  message: string;
}

const KEY = Symbol.for('zendesk-ces.contract-violations');
type Holder = { [KEY]?: ContractViolation[] };

export function recordContractViolation(violation: ContractViolation): void {
  const holder = globalThis as Holder;
  (holder[KEY] ??= []).push(violation);
}

/** Returns the violations seen so far and forgets them. */
export function takeContractViolations(): ContractViolation[] {
  const holder = globalThis as Holder;
  const list = holder[KEY] ?? [];
  holder[KEY] = [];
  return list;
}
