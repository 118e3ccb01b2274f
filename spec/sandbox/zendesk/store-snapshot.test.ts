import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SandboxStore } from '../../../src/sandbox/zendesk/store.js';
import type { SandboxSnapshot } from '../../../src/sandbox/zendesk/store/persistence.js';
import { playScenario, scenarioOptions, withoutRandomness } from './snapshot-scenario.js';

/**
 * The state file is the demo's data: a `.data/` written by the store of before issue 12 (one
 * class, fixtures/snapshot-before-issue-12.json) must load into the store split by resource, and
 * the same operations must still write the same file.
 */
const FIXTURE = path.join(__dirname, 'fixtures/snapshot-before-issue-12.json');
// Compared as JSON text (key order included) rather than as objects: the file is that text.
const fixtureText = JSON.stringify(JSON.parse(readFileSync(FIXTURE, 'utf8')));
const written = (store: SandboxStore) => JSON.stringify(store.snapshot());

describe('sandbox store snapshot', () => {
  it('writes, after the same operations, the file the store of before the split wrote', () => {
    const store = new SandboxStore(scenarioOptions());
    playScenario(store);
    expect(withoutRandomness(written(store))).toBe(withoutRandomness(fixtureText));
  });

  it('loads a file of before the split and writes it back unchanged', () => {
    const store = new SandboxStore(scenarioOptions());
    store.restore(JSON.parse(fixtureText) as SandboxSnapshot);
    expect(written(store)).toBe(fixtureText);
  });

  it('carries on from a loaded file: its records are found and new ids follow its counters', () => {
    const fixture = JSON.parse(fixtureText) as SandboxSnapshot;
    const store = new SandboxStore(scenarioOptions());
    store.restore(fixture);
    const ticket = store.tickets.get(1);
    expect(ticket.subject).toBe('Invoice');
    expect(store.users.byEmail('klaas@example.com')?.locale).toBe('nl');
    expect(store.admin.email).toBe('admin@sandbox.local');
    expect(store.emails.list({ ticketId: 1 })).toHaveLength(1);
    const customer = store.users.byEmail('klaas@example.com')!;
    const next = store.tickets.create({ comment: { body: 'Again' }, requester_id: customer.id });
    expect(next.ticket.id).toBe(fixture.counters.ticket);
    // The loaded custom fields give the new ticket its slots, in their order.
    expect(next.ticket.custom_fields.map((f) => f.id)).toEqual(
      fixture.ticketFields.map((f) => f.id),
    );
    expect(store.users.create({ name: 'New' }).id).toBe(fixture.counters.user);
  });

  it('loads a file without the lists added later (ticket forms) and re-makes a missing admin', () => {
    const fixture = JSON.parse(fixtureText) as Partial<SandboxSnapshot>;
    delete fixture.ticketForms;
    fixture.users = fixture.users!.filter((u) => u.email !== 'admin@sandbox.local');
    const store = new SandboxStore(scenarioOptions());
    store.restore(fixture as SandboxSnapshot);
    expect(store.admin.role).toBe('admin');
    expect(store.tickets.list()).toHaveLength(2);
    expect(store.ticketForms.list().map((f) => f.name)).toEqual(['Default Ticket Form']);
  });

  it('resets to a fresh account', () => {
    const store = new SandboxStore(scenarioOptions());
    playScenario(store);
    store.reset();
    const fresh = new SandboxStore(scenarioOptions());
    const shape = (s: SandboxStore) => {
      const snapshot = s.snapshot();
      return {
        counters: snapshot.counters,
        users: snapshot.users.map((u) => u.email),
        tickets: snapshot.tickets.length,
        webhooks: snapshot.webhooks.length,
        emails: snapshot.emails.length,
        deliveries: snapshot.deliveries.length,
      };
    };
    expect(shape(store)).toEqual(shape(fresh));
  });
});
