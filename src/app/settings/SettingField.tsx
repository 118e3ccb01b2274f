import type { ReactNode } from 'react';
import { Checkbox, Field, Input, Select } from '@zendeskgarden/react-forms';
import type { Settings, SettingsProblem } from '../../shared/settings.js';
import type { NamedRecord } from '../api/zendesk.js';
import type { Query } from '../data/useQuery.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { NamedPicker } from './NamedPicker.js';
import type { FieldSpec, SelectFieldSpec, TextFieldSpec } from './settings-fields.js';

/** What every field of the form reads and changes. */
export interface FieldContext {
  draft: Settings;
  update: (change: (d: Settings) => Settings) => void;
  /** What the admin typed in the text fields, by field key. */
  text: Record<string, string>;
  type: (spec: TextFieldSpec, value: string) => void;
  /** The field's problem, worded for the field, beside it; `invalid` marks the control. */
  problemAt: (path: string, worded?: (p: SettingsProblem) => SettingsProblem) => ReactNode;
  invalid: (path: string) => 'error' | undefined;
  /** A language's name in the reader's language, from its code. */
  languageName: (code: string) => string;
  /** Zendesk's groups and brands, for the pickers. */
  lists: Query<{ groups: NamedRecord[]; brands: NamedRecord[] }>;
}

/** One field of the settings table, drawn with Garden's controls for its kind. */
export function SettingField({ spec, ctx }: { spec: FieldSpec; ctx: FieldContext }) {
  const { t } = useI18n();
  const { draft, update } = ctx;
  const hint = spec.hint && <Field.Hint>{t(spec.hint)}</Field.Hint>;
  switch (spec.kind) {
    case 'picker':
      return (
        <NamedPicker
          legend={t(spec.label)}
          hint={spec.hint ? t(spec.hint) : ''}
          options={ctx.lists.data?.[spec.list] ?? null}
          selected={spec.get(draft)}
          unknownLabel={(id) => t(spec.unknown, { id })}
          loadFailed={ctx.lists.status === 'error' ? t('settings.exclusions.listsFailed') : null}
          onChange={(ids) => update((d) => spec.set(d, ids))}
          problem={ctx.problemAt(spec.path)}
        />
      );
    case 'toggle':
      return (
        <Field>
          <Checkbox
            checked={spec.get(draft)}
            onChange={(e) => {
              const on = e.target.checked;
              update((d) => spec.set(d, on));
            }}
          >
            <Field.Label>{t(spec.label)}</Field.Label>
            {hint}
          </Checkbox>
          {ctx.problemAt(spec.path)}
        </Field>
      );
    case 'select':
      return (
        <Field>
          <Field.Label>{t(spec.label)}</Field.Label>
          {hint}
          <Select
            value={spec.get(draft)}
            validation={ctx.invalid(spec.path)}
            onChange={(e) => {
              const option = e.target.value;
              update((d) => spec.set(d, option));
            }}
          >
            {spec.options.map((option) => (
              <option key={option} value={option}>
                {optionText(spec, option, t, ctx.languageName)}
              </option>
            ))}
          </Select>
          {ctx.problemAt(spec.path)}
        </Field>
      );
    case 'text':
      return (
        <Field>
          <Field.Label>{t(spec.label)}</Field.Label>
          {hint}
          <Input
            value={ctx.text[spec.key] ?? ''}
            inputMode={spec.numeric ? 'decimal' : undefined}
            validation={ctx.invalid(spec.path)}
            onChange={(e) => ctx.type(spec, e.target.value)}
          />
          {ctx.problemAt(spec.path, spec.problem)}
        </Field>
      );
  }
}

function optionText(
  spec: SelectFieldSpec,
  option: string,
  t: (key: string) => string,
  languageName: (code: string) => string,
): string {
  const how = spec.optionLabel;
  if (how === 'language') return languageName(option);
  if ('name' in how) return how.name[option] ?? option;
  return t(how.key(option));
}
