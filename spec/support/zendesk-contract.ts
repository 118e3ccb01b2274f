/**
 * Jest setup for every test file: the sandbox checks each request the service's Zendesk client
 * sends, and each answer, against Zendesk's OpenAPI contract; any violation fails the test that
 * caused it.
 */
import { takeContractViolations } from '../../src/sandbox/zendesk/contract/violations.js';

process.env.ZENDESK_CONTRACT_CHECK = '1';

function failOnViolations(when: string): void {
  const violations = takeContractViolations();
  if (violations.length === 0) return;
  const lines = [...new Set(violations.map((v) => `- ${v.kind}: ${v.message}`))];
  throw new Error(
    `Zendesk contract violated ${when} (src/sandbox/zendesk/contract/support-api.json):\n${lines.join('\n')}`,
  );
}

afterEach(() => failOnViolations('during this test (or by work an earlier test left running)'));
afterAll(() => failOnViolations('after the last test of this file'));
