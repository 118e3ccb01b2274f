import type { Trigger } from '../../zendesk/index.js';
import { desiredTriggers, languageNames, type DesiredTrigger } from '../desired.js';
import { normalActions, normalConditions, triggerPrint } from '../fingerprints.js';
import {
  countWrite,
  differenceDetail,
  differs,
  matches,
  settle,
  type SetupRun,
} from '../setup-run.js';
import { saveTriggerIds, TRIGGER_KEYS, type FieldIds, type TriggerIds } from '../zendesk-state.js';

function triggerDrift(existing: Trigger, want: DesiredTrigger): string[] {
  const drift: string[] = [];
  if (existing.title !== want.title) drift.push(`it is named "${existing.title}"`);
  if (existing.active !== want.active)
    drift.push(existing.active ? 'it is active' : 'it is inactive');
  if (
    normalConditions(existing.conditions.all) !== normalConditions(want.conditions.all) ||
    normalConditions(existing.conditions.any) !== normalConditions(want.conditions.any)
  ) {
    drift.push('its conditions were changed');
  }
  if (normalActions(existing.actions) !== normalActions(want.actions)) {
    drift.push('its actions differ');
  }
  return drift;
}

/** What the triggers point at, from the steps before them. */
export interface TriggerTargets {
  fieldIds: Partial<FieldIds>;
  webhookId: string | null;
  /** A piece a trigger points at was created in this run: the trigger must follow it. */
  dependencyCreated: boolean;
}

/** The solve, email, reminder, alert and follow-up triggers; stores their ids after a real run. */
export async function setUpTriggers(r: SetupRun, targets: TriggerTargets): Promise<void> {
  const { fieldIds, webhookId } = targets;
  const linkFieldId = fieldIds.link;
  // In a dry run, pieces still to be created have no id yet: triggers that need them are compared
  // against a placeholder that no existing trigger can match.
  const wanted = desiredTriggers(r.settings, r.catalogs, {
    webhookId: webhookId ?? '(to be created)',
    linkFieldId: linkFieldId ?? 0,
    // The button email's `when` values: the language names of the account's locales.
    languages: languageNames(r.snapshot.locales),
    fields: fieldIds,
  });
  const ids: TriggerIds = {};
  for (const want of wanted) {
    const storedId = r.snapshot.storedTriggers[want.key];
    const existing =
      r.snapshot.triggers.find((t) => t.id === storedId) ??
      r.snapshot.triggers.find((t) => t.title === want.title);
    if (existing) ids[want.key] = existing.id;
    const base = { kind: 'trigger' as const, key: `trigger.${want.key}`, title: want.title };
    const input = {
      title: want.title,
      description: want.description,
      active: want.active,
      conditions: want.conditions,
      actions: want.actions,
    };
    if (!existing) {
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: async () => {
            ids[want.key] = (await countWrite(r, r.deps.zendesk.createTrigger(input))).id;
          },
        },
      ]);
      continue;
    }
    const drift = triggerDrift(existing, want);
    // Pointing at a field or webhook this run creates is part of creating them, not a repair.
    const follows = drift.length > 0 && targets.dependencyCreated && want.key !== 'followUp';
    const print = triggerPrint(existing);
    const state = drift.length ? differs(r, base.key, print) : 'ok';
    if (state === 'ok') matches(r, base.key, print);
    await settle(
      r,
      {
        ...base,
        state,
        zendeskId: existing.id,
        detail:
          state === 'ok'
            ? null
            : follows
              ? 'It must point at the field or webhook this setup creates.'
              : differenceDetail(state, drift),
      },
      drift.length
        ? [
            {
              action: 'update',
              repairOnly: state === 'drifted' && !follows,
              apply: async () => {
                await countWrite(r, r.deps.zendesk.updateTrigger(existing.id, input));
              },
            },
          ]
        : [],
    );
  }
  const stored = r.snapshot.storedTriggers;
  const changed = TRIGGER_KEYS.some((k) => stored[k] !== ids[k]);
  if (!r.options.dryRun && changed) await saveTriggerIds(r.deps.db, ids);
}
