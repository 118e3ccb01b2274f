import type { TicketField } from '../../zendesk/index.js';
import {
  desiredFields,
  hasDriverOptions,
  mergeDriverOptions,
  type DesiredField,
  type FieldKey,
} from '../desired.js';
import { fieldPrint } from '../fingerprints.js';
import {
  countWrite,
  differenceDetail,
  differs,
  matches,
  settle,
  type SetupRun,
} from '../setup-run.js';
import { saveFieldIds, type FieldIds } from '../zendesk-state.js';

function fieldDrift(field: TicketField, want: DesiredField['input']): string[] {
  const drift: string[] = [];
  if (field.type !== want.type) drift.push(`type is "${field.type}", not "${want.type}"`);
  if (field.title !== want.title) drift.push(`title is "${field.title}"`);
  if (!field.active) drift.push('it is inactive');
  if (
    want.custom_field_options &&
    !hasDriverOptions(field.custom_field_options, want.custom_field_options)
  ) {
    drift.push('it lacks reasons from settings, or names them differently');
  }
  return drift;
}

/** What the fields step hands on: the ids known (created ones too), and whether the link field is new. */
export interface FieldsOutcome {
  fieldIds: Partial<FieldIds>;
  /** The email trigger links to the link field by id: a new field means a new trigger body. */
  linkCreated: boolean;
}

/** The four ticket fields (survey link, score, driver, comment); stores their ids after a real run. */
export async function setUpFields(r: SetupRun): Promise<FieldsOutcome> {
  const { fields, storedFields } = r.snapshot;
  const fieldIds: Partial<FieldIds> = {};
  let linkCreated = false;
  for (const want of desiredFields(r.settings, r.catalogs)) {
    const storedId = storedFields?.[want.key];
    const existing =
      fields.find((f) => f.id === storedId) ?? fields.find((f) => f.title === want.input.title);
    const base = {
      kind: 'ticket_field' as const,
      key: `field.${want.key}`,
      title: want.input.title,
    };
    if (!existing) {
      if (want.key === 'link') linkCreated = true;
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: async () => {
            const created = await countWrite(r, r.deps.zendesk.createTicketField(want.input));
            fieldIds[want.key] = created.id;
          },
        },
      ]);
      continue;
    }
    fieldIds[want.key] = existing.id;
    const drift = fieldDrift(existing, want.input);
    const typeChanged = existing.type !== want.input.type;
    const { type: _type, ...changes } = want.input;
    if (changes.custom_field_options) {
      // Only adds and renames: an option left out would lose its value on every past ticket.
      changes.custom_field_options = mergeDriverOptions(
        existing.custom_field_options,
        changes.custom_field_options,
      );
    }
    const print = fieldPrint(existing);
    const state = drift.length ? (typeChanged ? 'drifted' : differs(r, base.key, print)) : 'ok';
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
            : `${differenceDetail(state, drift)}${typeChanged ? ' Zendesk cannot change the type of a field: delete it in Zendesk, then run setup.' : ''}`,
      },
      drift.length && !typeChanged
        ? [
            {
              action: 'update',
              repairOnly: state === 'drifted',
              apply: async () => {
                await countWrite(r, r.deps.zendesk.updateTicketField(existing.id, changes));
              },
            },
          ]
        : [],
    );
  }
  if (!r.options.dryRun) await storeFieldIds(r, fieldIds);
  return { fieldIds, linkCreated };
}

async function storeFieldIds(r: SetupRun, ids: Partial<FieldIds>): Promise<void> {
  if (!ids.link || !ids.score || !ids.driver || !ids.comment) return;
  const next: FieldIds = {
    link: ids.link,
    score: ids.score,
    driver: ids.driver,
    comment: ids.comment,
  };
  const stored = r.snapshot.storedFields;
  if (!stored || (Object.keys(next) as FieldKey[]).some((k) => stored[k] !== next[k])) {
    await saveFieldIds(r.deps.db, next);
  }
}
