import { useState, type FormEvent, type ReactNode } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input, Select, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import type { SettingsInvalidResponse } from '../../shared/api-types.js';
import { LOCALES, type Locale } from '../../shared/locales.js';
import { SCALES, type ScaleId } from '../../shared/scales.js';
import {
  DEFAULT_DRIVERS,
  validateSettings,
  type Settings,
  type SettingsProblem,
} from '../../shared/settings.js';
import { saveSettings } from '../api/ces.js';
import { errorMessageKey, RequestError, toRequestError } from '../api/request-error.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel } from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Section } from '../layout/Section.js';
import { inPercent, parseIdList, parseNumber, splitList, toDriverId } from './settings-form.js';
import { useSettings } from './useSettings.js';

const Form = styled.form`
  max-width: 720px;
  display: grid;
  gap: ${(p) => p.theme.space.md};
`;

const Grid = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: ${(p) => p.theme.space.sm};
`;

const Inline = styled.div`
  display: flex;
  gap: ${(p) => p.theme.space.xs};
  align-items: flex-end;
  flex-wrap: wrap;
`;

/** The admin's settings: scale, wording, drivers, rules and ranking, validated before saving. */
export function SettingsForm() {
  const query = useSettings();
  return (
    <ResponseHandler query={query}>
      {(d) => <Editor initial={d.settings} onSaved={query.refetch} />}
    </ResponseHandler>
  );
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'invalid'; problems: SettingsProblem[] }
  | { kind: 'failed'; error: RequestError };

function Editor({ initial, onSaved }: { initial: Settings; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const [draft, setDraft] = useState<Settings>(initial);
  // Free-text fields keep what the admin typed; they are parsed into `draft` on every change.
  const [text, setText] = useState(() => ({
    samplingPercent: String(Math.round(initial.rules.samplingRate * 1000) / 10),
    throttleDays: String(initial.rules.throttleDays),
    groups: initial.rules.excludedGroupIds.join(', '),
    brands: initial.rules.excludedBrandIds.join(', '),
    channels: initial.rules.excludedChannels.join(', '),
    tags: initial.rules.excludedTags.join(', '),
    quietPeriodSeconds: String(initial.quietPeriodSeconds),
    answerWindowDays: String(initial.answerWindowDays),
    priorWeight: String(initial.ranking.priorWeight),
    minAnswers: String(initial.ranking.minAnswers),
  }));
  const [newDriver, setNewDriver] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const problems = outcome.kind === 'invalid' ? outcome.problems : [];
  const problemAt = (path: string): ReactNode => {
    const p = problems.find((x) => x.path === path);
    if (!p) return null;
    const shown = path === 'rules.samplingRate' ? inPercent(p) : p;
    return <Field.Message validation="error">{t(shown.messageKey, shown.vars)}</Field.Message>;
  };
  const validation = (path: string) =>
    problems.some((x) => x.path === path) ? ('error' as const) : undefined;

  const setRules = (patch: Partial<Settings['rules']>) =>
    setDraft((d) => ({ ...d, rules: { ...d.rules, ...patch } }));
  const setRanking = (patch: Partial<Settings['ranking']>) =>
    setDraft((d) => ({ ...d, ranking: { ...d.ranking, ...patch } }));
  const editText = (key: keyof typeof text, value: string, apply: () => void) => {
    setText((x) => ({ ...x, [key]: value }));
    apply();
  };

  const customDrivers = draft.drivers.filter(
    (d) => !(DEFAULT_DRIVERS as readonly string[]).includes(d),
  );
  const toggleDriver = (id: string, on: boolean) =>
    setDraft((d) => ({
      ...d,
      drivers: on ? [...d.drivers.filter((x) => x !== id), id] : d.drivers.filter((x) => x !== id),
    }));
  const addDriver = () => {
    const label = newDriver.trim();
    const id = toDriverId(label);
    if (!id) return;
    setDraft((d) => ({
      ...d,
      drivers: d.drivers.includes(id) ? d.drivers : [...d.drivers, id],
      customDriverLabels: {
        ...d.customDriverLabels,
        [id]: { ...d.customDriverLabels[id], en: label },
      },
    }));
    setNewDriver('');
  };
  const removeDriver = (id: string) =>
    setDraft((d) => {
      const labels = { ...d.customDriverLabels };
      delete labels[id];
      return { ...d, drivers: d.drivers.filter((x) => x !== id), customDriverLabels: labels };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateSettings(draft);
    if (found.length > 0) {
      setOutcome({ kind: 'invalid', problems: found });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const saved = await saveSettings(ces, draft);
      setDraft(saved.settings);
      setOutcome({ kind: 'saved' });
      onSaved();
    } catch (failure) {
      const error = toRequestError('ces', failure);
      const body = error.body as Partial<SettingsInvalidResponse> | null;
      if (error.status === 422 && body && Array.isArray(body.problems)) {
        setOutcome({ kind: 'invalid', problems: body.problems });
      } else {
        setOutcome({ kind: 'failed', error });
      }
    }
  };

  const languageName = (loc: Locale) =>
    new Intl.DisplayNames([i18n.intlLocale], { type: 'language' }).of(loc) ?? loc;

  return (
    <Form onSubmit={submit} noValidate aria-label={t('settings.title')}>
      {outcome.kind === 'invalid' && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('settings.invalidTitle')}</Alert.Title>
          {t('settings.invalid', { count: outcome.problems.length })}
        </Alert>
      )}
      {outcome.kind === 'failed' && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('settings.failedTitle')}</Alert.Title>
          {t(errorMessageKey(outcome.error))}
        </Alert>
      )}
      {outcome.kind === 'saved' && (
        <Alert type="success" role="status">
          <Alert.Title>{t('settings.saved')}</Alert.Title>
        </Alert>
      )}

      <Section id="ces-settings-question" title={t('settings.sections.question')}>
        <Grid>
          <Field>
            <Field.Label>{t('settings.fields.scale')}</Field.Label>
            <Select
              value={draft.scaleId}
              validation={validation('scaleId')}
              onChange={(e) => setDraft((d) => ({ ...d, scaleId: e.target.value as ScaleId }))}
            >
              {(Object.keys(SCALES) as ScaleId[]).map((id) => (
                <option key={id} value={id}>
                  {t(`settings.scales.${id}`)}
                </option>
              ))}
            </Select>
            {problemAt('scaleId')}
          </Field>
          <Field>
            <Field.Label>{t('settings.fields.companyName')}</Field.Label>
            <Field.Hint>{t('settings.hints.companyName')}</Field.Hint>
            <Input
              value={draft.companyName}
              validation={validation('companyName')}
              onChange={(e) => setDraft((d) => ({ ...d, companyName: e.target.value }))}
            />
            {problemAt('companyName')}
          </Field>
          <Field>
            <Field.Label>{t('settings.fields.defaultLocale')}</Field.Label>
            <Select
              value={draft.defaultLocale}
              onChange={(e) => setDraft((d) => ({ ...d, defaultLocale: e.target.value as Locale }))}
            >
              {LOCALES.map((loc) => (
                <option key={loc} value={loc}>
                  {languageName(loc)}
                </option>
              ))}
            </Select>
            {problemAt('defaultLocale')}
          </Field>
        </Grid>
        <Fieldset>
          <Fieldset.Legend>{t('settings.fields.questions')}</Fieldset.Legend>
          <Field.Hint>{t('settings.hints.questions')}</Field.Hint>
          {LOCALES.map((loc) => (
            <Field key={loc}>
              <Field.Label>{languageName(loc)}</Field.Label>
              <Textarea
                minRows={1}
                maxRows={4}
                value={draft.questionOverrides[loc] ?? ''}
                validation={validation(`questionOverrides.${loc}`)}
                placeholder={
                  i18n.optional(SCALES[draft.scaleId].questionKey, {
                    company: draft.companyName,
                  }) ?? ''
                }
                onChange={(e) =>
                  setDraft((d) => {
                    const overrides = { ...d.questionOverrides };
                    if (e.target.value === '') delete overrides[loc];
                    else overrides[loc] = e.target.value;
                    return { ...d, questionOverrides: overrides };
                  })
                }
              />
              {problemAt(`questionOverrides.${loc}`)}
            </Field>
          ))}
        </Fieldset>
      </Section>

      <Section id="ces-settings-drivers" title={t('settings.sections.drivers')}>
        <Fieldset>
          <Fieldset.Legend>{t('settings.fields.drivers')}</Fieldset.Legend>
          {DEFAULT_DRIVERS.map((id) => (
            <Field key={id}>
              <Checkbox
                checked={draft.drivers.includes(id)}
                onChange={(e) => toggleDriver(id, e.target.checked)}
              >
                <Field.Label>{driverLabel(i18n, id)}</Field.Label>
              </Checkbox>
            </Field>
          ))}
          {customDrivers.map((id) => (
            <Inline key={id}>
              <span>{draft.customDriverLabels[id]?.en ?? id}</span>
              <Button size="small" isBasic onClick={() => removeDriver(id)}>
                {t('settings.drivers.remove', { name: draft.customDriverLabels[id]?.en ?? id })}
              </Button>
              {problemAt(`customDriverLabels.${id}`)}
            </Inline>
          ))}
          {problemAt('drivers')}
        </Fieldset>
        <Inline>
          <Field>
            <Field.Label>{t('settings.drivers.newLabel')}</Field.Label>
            <Field.Hint>{t('settings.drivers.newHint')}</Field.Hint>
            <Input value={newDriver} onChange={(e) => setNewDriver(e.target.value)} />
          </Field>
          <Button onClick={addDriver} disabled={toDriverId(newDriver) === ''}>
            {t('settings.drivers.add')}
          </Button>
        </Inline>
      </Section>

      <Section id="ces-settings-rules" title={t('settings.sections.rules')}>
        <Grid>
          <NumberField
            label={t('settings.fields.samplingRate')}
            hint={t('settings.hints.samplingRate')}
            value={text.samplingPercent}
            validation={validation('rules.samplingRate')}
            message={problemAt('rules.samplingRate')}
            onChange={(v) =>
              editText('samplingPercent', v, () => setRules({ samplingRate: parseNumber(v) / 100 }))
            }
          />
          <NumberField
            label={t('settings.fields.throttleDays')}
            hint={t('settings.hints.throttleDays')}
            value={text.throttleDays}
            validation={validation('rules.throttleDays')}
            message={problemAt('rules.throttleDays')}
            onChange={(v) =>
              editText('throttleDays', v, () => setRules({ throttleDays: parseNumber(v) }))
            }
          />
          <NumberField
            label={t('settings.fields.quietPeriodSeconds')}
            hint={t('settings.hints.quietPeriodSeconds')}
            value={text.quietPeriodSeconds}
            validation={validation('quietPeriodSeconds')}
            message={problemAt('quietPeriodSeconds')}
            onChange={(v) =>
              editText('quietPeriodSeconds', v, () =>
                setDraft((d) => ({ ...d, quietPeriodSeconds: parseNumber(v) })),
              )
            }
          />
          <NumberField
            label={t('settings.fields.answerWindowDays')}
            hint={t('settings.hints.answerWindowDays')}
            value={text.answerWindowDays}
            validation={validation('answerWindowDays')}
            message={problemAt('answerWindowDays')}
            onChange={(v) =>
              editText('answerWindowDays', v, () =>
                setDraft((d) => ({ ...d, answerWindowDays: parseNumber(v) })),
              )
            }
          />
        </Grid>
        <Grid>
          <TextField
            label={t('settings.fields.excludedGroupIds')}
            hint={t('settings.hints.ids')}
            value={text.groups}
            validation={validation('rules.excludedGroupIds')}
            message={problemAt('rules.excludedGroupIds')}
            onChange={(v) =>
              editText('groups', v, () => setRules({ excludedGroupIds: parseIdList(v) }))
            }
          />
          <TextField
            label={t('settings.fields.excludedBrandIds')}
            hint={t('settings.hints.ids')}
            value={text.brands}
            validation={validation('rules.excludedBrandIds')}
            message={problemAt('rules.excludedBrandIds')}
            onChange={(v) =>
              editText('brands', v, () => setRules({ excludedBrandIds: parseIdList(v) }))
            }
          />
          <TextField
            label={t('settings.fields.excludedChannels')}
            hint={t('settings.hints.channels')}
            value={text.channels}
            validation={validation('rules.excludedChannels')}
            message={problemAt('rules.excludedChannels')}
            onChange={(v) =>
              editText('channels', v, () => setRules({ excludedChannels: splitList(v) }))
            }
          />
          <TextField
            label={t('settings.fields.excludedTags')}
            hint={t('settings.hints.tags')}
            value={text.tags}
            validation={validation('rules.excludedTags')}
            message={problemAt('rules.excludedTags')}
            onChange={(v) => editText('tags', v, () => setRules({ excludedTags: splitList(v) }))}
          />
        </Grid>
        <Field>
          <Checkbox
            checked={draft.rules.skipWithoutAssignee}
            onChange={(e) => setRules({ skipWithoutAssignee: e.target.checked })}
          >
            <Field.Label>{t('settings.fields.skipWithoutAssignee')}</Field.Label>
          </Checkbox>
        </Field>
      </Section>

      <Section id="ces-settings-ranking" title={t('settings.sections.ranking')}>
        <Grid>
          <NumberField
            label={t('settings.fields.priorWeight')}
            hint={t('settings.hints.priorWeight')}
            value={text.priorWeight}
            validation={validation('ranking.priorWeight')}
            message={problemAt('ranking.priorWeight')}
            onChange={(v) =>
              editText('priorWeight', v, () => setRanking({ priorWeight: parseNumber(v) }))
            }
          />
          <NumberField
            label={t('settings.fields.minAnswers')}
            hint={t('settings.hints.minAnswers')}
            value={text.minAnswers}
            validation={validation('ranking.minAnswers')}
            message={problemAt('ranking.minAnswers')}
            onChange={(v) =>
              editText('minAnswers', v, () => setRanking({ minAnswers: parseNumber(v) }))
            }
          />
        </Grid>
      </Section>

      <div>
        <Button type="submit" isPrimary disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? t('settings.saving') : t('settings.save')}
        </Button>
      </div>
    </Form>
  );
}

interface FieldProps {
  label: string;
  hint: string;
  value: string;
  validation: 'error' | undefined;
  message: ReactNode;
  onChange: (value: string) => void;
}

function NumberField(props: FieldProps) {
  return <TextField {...props} inputMode="decimal" />;
}

function TextField({
  label,
  hint,
  value,
  validation,
  message,
  onChange,
  inputMode,
}: FieldProps & { inputMode?: 'decimal' }) {
  return (
    <Field>
      <Field.Label>{label}</Field.Label>
      <Field.Hint>{hint}</Field.Hint>
      <Input
        value={value}
        inputMode={inputMode}
        validation={validation}
        onChange={(e) => onChange(e.target.value)}
      />
      {message}
    </Field>
  );
}
