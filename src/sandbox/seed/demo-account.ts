import { SANDBOX_CUSTOM_ROLES } from '../zendesk/records.js';
import type { SandboxStore } from '../zendesk/store.js';
import { isoTime } from '../zendesk/store/context.js';
import { DEMO_BRANDS, DEMO_GROUPS, DEMO_MESSAGES, DEMO_TEAM_LEADER } from './demo-content.js';
import type { DemoPlan } from './demo-plan.js';

/** The demo account's people and places, made straight in the store (no flow to go through). */

export interface DemoAccount {
  agentIds: number[];
  requesterIds: number[];
  groupIds: Map<string, number>;
  brandIds: Map<string, number>;
}

export function createDemoAccount(store: SandboxStore, plan: DemoPlan): DemoAccount {
  const groupIds = new Map<string, number>();
  for (const group of DEMO_GROUPS)
    groupIds.set(group.key, store.groups.create({ name: group.name }).id);
  const brandIds = new Map<string, number>();
  for (const brand of DEMO_BRANDS) {
    brandIds.set(
      brand.key,
      store.brands.create({ name: brand.name, subdomain: brand.subdomain }).id,
    );
  }
  const teamLeader = SANDBOX_CUSTOM_ROLES.find((r) => r.name === 'Team Leader')!;
  const agentIds = plan.agents.map(
    (a) =>
      store.users.create({
        name: a.name,
        email: a.email,
        role: 'agent',
        default_group_id: groupIds.get(a.group) ?? null,
        // One team leader, of the billing group: the demo's "view as" shows the three experiences.
        custom_role_id: a.name === DEMO_TEAM_LEADER ? teamLeader.id : null,
      }).id,
  );
  const requesterIds = plan.requesters.map(
    (r) =>
      store.users.create({ name: r.name, email: r.email, locale: r.locale, role: 'end-user' }).id,
  );
  return { agentIds, requesterIds, groupIds, brandIds };
}

/** Tickets still being worked on, one per agent, so a visitor can solve one and watch the flow. */
export const OPEN_TICKETS_PER_AGENT = 1;

export function openWork(
  store: SandboxStore,
  plan: DemoPlan,
  account: DemoAccount,
  now: Date,
): void {
  // Customers of every language, so solving shows the email and page in several of them.
  const byLocale = new Map<string, number>();
  for (const r of plan.requesters) if (!byLocale.has(r.locale)) byLocale.set(r.locale, r.index);
  const requesters = [...byLocale.values()];
  plan.agents.forEach((agent, i) => {
    for (let n = 0; n < OPEN_TICKETS_PER_AGENT; n++) {
      const requester = plan.requesters[requesters[(i + n) % requesters.length] as number];
      if (!requester) continue;
      const requesterId = account.requesterIds[requester.index] as number;
      const subjects = plan.tickets.filter((t) => t.group === agent.group).map((t) => t.subject);
      const subject = subjects[(i * 7 + n) % subjects.length] ?? 'A question';
      const messages = DEMO_MESSAGES[requester.locale] ?? DEMO_MESSAGES['en-US'];
      const ticket = store.tickets.create(
        {
          requester_id: requesterId,
          subject,
          comment: { body: `${subject}. ${messages?.opener ?? ''}` },
          assignee_id: account.agentIds[agent.index],
          group_id: account.groupIds.get(agent.group),
          brand_id: account.brandIds.get(DEMO_BRANDS[i % DEMO_BRANDS.length]?.key ?? 'cloud'),
          via: { channel: i % 3 === 0 ? 'chat' : 'email' },
        },
        { actorId: requesterId },
      ).ticket;
      // Raised during the last day, as open work would be.
      const at = isoTime(now.getTime() - (i * 97 + 30) * 60_000);
      ticket.created_at = at;
      ticket.updated_at = at;
      for (const comment of ticket.comments) comment.created_at = at;
    }
  });
  store.changed();
}
