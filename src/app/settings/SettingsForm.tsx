import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input, Select, Textarea } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import type { SettingsInvalidResponse } from '../../shared/api-types.js';
import { alertLines } from '../../shared/alert-texts.js';
import { createTranslator, interpolate, lookup, type Catalog } from '../../shared/i18n.js';
import { LOCALES, type Locale } from '../../shared/locales.js';
import { SCALES, type ScaleId } from '../../shared/scales.js';
import {
  DEFAULT_SETTINGS,
  validateSettings,
  type Rules,
  type Settings,
  type SettingsProblem,
} from '../../shared/settings.js';
import { saveSettings } from '../api/ces.js';
import { errorMessageKey, RequestError, toRequestError } from '../api/request-error.js';
import { useCes } from '../frame/AppFrame.js';
import { loadAllCatalogs } from '../i18n/catalogs.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { hue } from '../layout/colors.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Section } from '../layout/Section.js';
import { useAccountLists } from '../team/useTeamData.js';
import { DriverList } from './DriverLists.js';
import { NamedPicker } from './NamedPicker.js';
import { inPercent, TEXT_FIELDS, type TextFieldSpec } from './settings-form.js';
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

const RESURVEY: readonly Rules['resurveyAnswered'][] = ['never', 'always'];
const EMAIL_FORMATS: readonly Settings['emailFormat'][] = ['text', 'html'];

/** The admin's settings: scale, wording, reasons, rules and ranking, validated before saving. */
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

const ALL_TEXT_FIELDS = Object.values(TEXT_FIELDS).flat();
const ALERT_NOTIFY: ReadonlyArray<Settings['alerts']['notify']> = ['group', 'lead'];

const Preview = styled.div`
  pre {
    white-space: pre-wrap;
    margin: ${(p) => p.theme.space.xs} 0 0;
    padding: ${(p) => p.theme.space.sm};
    border: ${(p) => p.theme.borders.sm} ${hue('grey', 300)};
    border-radius: ${(p) => p.theme.borderRadii.md};
    font-family: ${(p) => p.theme.fonts.system};
  }
`;

/** Every language's catalog, so each language's field shows that language's own wording. */
function useAllCatalogs(): Partial<Record<Locale, Catalog>> {
  const [catalogs, setCatalogs] = useState<Partial<Record<Locale, Catalog>>>({});
  useEffect(() => {
    let live = true;
    loadAllCatalogs()
      .then((all) => live && setCatalogs(all))
      .catch(() => undefined); // without them the fields simply show no placeholder
    return () => {
      live = false;
    };
  }, []);
  return catalogs;
}

function Editor({ initial, onSaved }: { initial: Settings; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const catalogs = useAllCatalogs();
  const [draft, setDraft] = useState<Settings>(initial);
  // Free-text fields keep what the admin typed; they are parsed into `draft` on every change.
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(ALL_TEXT_FIELDS.map((f) => [f.key, f.show(initial)])),
  );
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  // Groups and brands are picked by name: the account's lists, as the team page's filters read them.
  const lists = useAccountLists();

  const problems = outcome.kind === 'invalid' ? outcome.problems : [];
  const problemAt = (path: string): ReactNode => {
    const p = problems.find((x) => x.path === path);
    if (!p) return null;
    const shown = path === 'rules.samplingRate' ? inPercent(p) : p;
    return <Field.Message validation="error">{t(shown.messageKey, shown.vars)}</Field.Message>;
  };
  const validation = (path: string) =>
    problems.some((x) => x.path === path) ? ('error' as const) : undefined;
  const update = (change: (d: Settings) => Settings) => setDraft(change);

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
  /** The question as customers in `loc` see it when the field is left empty. */
  const standardQuestion = (loc: Locale): string => {
    const catalog = catalogs[loc];
    const template = catalog && lookup(catalog, SCALES[draft.scaleId].questionKey);
    if (!catalog || !template) return '';
    const company =
      draft.companyName === DEFAULT_SETTINGS.companyName
        ? (lookup(catalog, 'survey.defaultCompany') ?? draft.companyName)
        : draft.companyName;
    const question = interpolate(template, { company });
    return question.charAt(0).toLocaleUpperCase(loc) + question.slice(1);
  };
  // Previews in the account's language, from the same catalogs and code the service uses.
  const accountT = createTranslator(catalogs, draft.defaultLocale);
  const reminderPreview = [
    accountT('email.reminderSubject'),
    '',
    accountT('email.reminderIntro'),
    '',
    standardQuestion(draft.defaultLocale),
  ].join('\n');
  const alertPreview = alertLines(draft, catalogs, {
    ticketId: 123,
    score: 2,
    scaleMax: SCALES[draft.scaleId].max,
    reason: accountT('drivers.took_too_long'),
    comment: accountT('settings.previewComment'),
    ticketUrl: 'https://example.zendesk.com/agent/tickets/123',
    changedFrom: null,
  }).join('\n');
  const textField = (spec: TextFieldSpec) => (
    <Field key={spec.key}>
      <Field.Label>{t(spec.label)}</Field.Label>
      <Field.Hint>{t(spec.hint)}</Field.Hint>
      <Input
        value={text[spec.key] ?? ''}
        inputMode={spec.numeric ? 'decimal' : undefined}
        validation={validation(spec.path)}
        onChange={(e) => {
          const value = e.target.value;
          setText((x) => ({ ...x, [spec.key]: value }));
          setDraft((d) => spec.apply(d, value));
        }}
      />
      {problemAt(spec.path)}
    </Field>
  );

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
          <Field>
            <Field.Label>{t('settings.fields.emailFormat')}</Field.Label>
            <Field.Hint>{t('settings.hints.emailFormat')}</Field.Hint>
            <Select
              value={draft.emailFormat}
              validation={validation('emailFormat')}
              onChange={(e) =>
                setDraft((d) => ({ ...d, emailFormat: e.target.value as Settings['emailFormat'] }))
              }
            >
              {EMAIL_FORMATS.map((format) => (
                <option key={format} value={format}>
                  {t(`settings.emailFormats.${format}`)}
                </option>
              ))}
            </Select>
            {problemAt('emailFormat')}
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
                lang={loc}
                value={draft.questionOverrides[loc] ?? ''}
                validation={validation(`questionOverrides.${loc}`)}
                placeholder={standardQuestion(loc)}
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
        {(['hard', 'easy'] as const).map((kind) => (
          <DriverList
            key={kind}
            kind={kind}
            draft={draft}
            update={update}
            problemAt={problemAt}
            languageName={languageName}
          />
        ))}
      </Section>

      <Section id="ces-settings-rules" title={t('settings.sections.rules')}>
        <Grid>{TEXT_FIELDS.timing.map(textField)}</Grid>
        <Grid>
          <NamedPicker
            legend={t('settings.fields.excludedGroupIds')}
            hint={t('settings.exclusions.groupsHint')}
            options={lists.data?.groups ?? null}
            selected={draft.rules.excludedGroupIds}
            unknownLabel={(id) => t('common.names.groupUnknown', { id })}
            loadFailed={lists.status === 'error' ? t('settings.exclusions.listsFailed') : null}
            onChange={(ids) =>
              update((d) => ({ ...d, rules: { ...d.rules, excludedGroupIds: ids } }))
            }
            problem={problemAt('rules.excludedGroupIds')}
          />
          <NamedPicker
            legend={t('settings.fields.excludedBrandIds')}
            hint={t('settings.exclusions.brandsHint')}
            options={lists.data?.brands ?? null}
            selected={draft.rules.excludedBrandIds}
            unknownLabel={(id) => t('settings.exclusions.brandUnknown', { id })}
            loadFailed={lists.status === 'error' ? t('settings.exclusions.listsFailed') : null}
            onChange={(ids) =>
              update((d) => ({ ...d, rules: { ...d.rules, excludedBrandIds: ids } }))
            }
            problem={problemAt('rules.excludedBrandIds')}
          />
        </Grid>
        <Grid>{TEXT_FIELDS.exclusions.map(textField)}</Grid>
        <Field>
          <Checkbox
            checked={draft.rules.skipWithoutAssignee}
            onChange={(e) =>
              setDraft((d) => ({
                ...d,
                rules: { ...d.rules, skipWithoutAssignee: e.target.checked },
              }))
            }
          >
            <Field.Label>{t('settings.fields.skipWithoutAssignee')}</Field.Label>
          </Checkbox>
        </Field>
        <Field>
          <Field.Label>{t('settings.fields.resurveyAnswered')}</Field.Label>
          <Select
            value={draft.rules.resurveyAnswered}
            validation={validation('rules.resurveyAnswered')}
            onChange={(e) => {
              const value = e.target.value as Rules['resurveyAnswered'];
              setDraft((d) => ({ ...d, rules: { ...d.rules, resurveyAnswered: value } }));
            }}
          >
            {RESURVEY.map((choice) => (
              <option key={choice} value={choice}>
                {t(`settings.resurvey.${choice}`)}
              </option>
            ))}
          </Select>
          {problemAt('rules.resurveyAnswered')}
        </Field>
      </Section>

      <Section id="ces-settings-reminder" title={t('settings.sections.reminder')}>
        <Field>
          <Checkbox
            checked={draft.reminder.enabled}
            onChange={(e) => {
              const enabled = e.target.checked;
              setDraft((d) => ({ ...d, reminder: { ...d.reminder, enabled } }));
            }}
          >
            <Field.Label>{t('settings.fields.reminderEnabled')}</Field.Label>
            <Field.Hint>{t('settings.hints.reminder')}</Field.Hint>
          </Checkbox>
        </Field>
        <Grid>{TEXT_FIELDS.reminder.map(textField)}</Grid>
        <Preview aria-label={t('settings.reminderPreview')}>
          <Field.Label>{t('settings.reminderPreview')}</Field.Label>
          <pre data-testid="reminder-preview">{reminderPreview}</pre>
        </Preview>
      </Section>

      <Section id="ces-settings-alerts" title={t('settings.sections.alerts')}>
        <Field>
          <Checkbox
            checked={draft.alerts.zendesk}
            onChange={(e) => {
              const zendesk = e.target.checked;
              setDraft((d) => ({ ...d, alerts: { ...d.alerts, zendesk } }));
            }}
          >
            <Field.Label>{t('settings.fields.alertsZendesk')}</Field.Label>
          </Checkbox>
        </Field>
        <Grid>
          <Field>
            <Field.Label>{t('settings.fields.alertsNotify')}</Field.Label>
            <Select
              value={draft.alerts.notify}
              validation={validation('alerts.notify')}
              onChange={(e) => {
                const notify = e.target.value as Settings['alerts']['notify'];
                setDraft((d) => ({ ...d, alerts: { ...d.alerts, notify } }));
              }}
            >
              {ALERT_NOTIFY.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`settings.alertNotify.${choice}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            <Field.Label>{t('settings.fields.chatFormat')}</Field.Label>
            <Select
              value={draft.alerts.chatFormat}
              onChange={(e) => {
                const chatFormat = e.target.value as Settings['alerts']['chatFormat'];
                setDraft((d) => ({ ...d, alerts: { ...d.alerts, chatFormat } }));
              }}
            >
              <option value="slack">Slack</option>
              <option value="teams">Microsoft Teams</option>
            </Select>
          </Field>
        </Grid>
        <Grid>{TEXT_FIELDS.alerts.map(textField)}</Grid>
        <Preview aria-label={t('settings.alertPreview')}>
          <Field.Label>{t('settings.alertPreview')}</Field.Label>
          <pre data-testid="alert-preview">{alertPreview}</pre>
        </Preview>
      </Section>

      <Section id="ces-settings-ranking" title={t('settings.sections.ranking')}>
        <Grid>{TEXT_FIELDS.ranking.map(textField)}</Grid>
      </Section>

      <div>
        <Button type="submit" isPrimary disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? t('settings.saving') : t('settings.save')}
        </Button>
      </div>
    </Form>
  );
}
