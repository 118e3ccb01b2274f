import { useEffect, useState } from 'react';
import styled from 'styled-components';
import { Field, Fieldset, Textarea } from '@zendeskgarden/react-forms';
import { alertLines } from '../../shared/alert-texts.js';
import { createTranslator, interpolate, lookup, type Catalog } from '../../shared/i18n.js';
import { LOCALES, type Locale } from '../../shared/locales.js';
import { SCALES } from '../../shared/scales.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.js';
import { loadAllCatalogs } from '../i18n/catalogs.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { hue } from '../layout/colors.js';
import type { FieldContext } from './SettingField.js';

type Catalogs = Partial<Record<Locale, Catalog>>;

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
export function useAllCatalogs(): Catalogs {
  const [catalogs, setCatalogs] = useState<Catalogs>({});
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

/** The question as customers in `loc` see it when its field is left empty. */
function standardQuestion(catalogs: Catalogs, draft: Settings, loc: Locale): string {
  const catalog = catalogs[loc];
  const template = catalog && lookup(catalog, SCALES[draft.scaleId].questionKey);
  if (!catalog || !template) return '';
  const company =
    draft.companyName === DEFAULT_SETTINGS.companyName
      ? (lookup(catalog, 'survey.defaultCompany') ?? draft.companyName)
      : draft.companyName;
  const question = interpolate(template, { company });
  return question.charAt(0).toLocaleUpperCase(loc) + question.slice(1);
}

/** The question in each language: empty keeps the standard wording, shown as the placeholder. */
export function QuestionOverrides({ ctx, catalogs }: { ctx: FieldContext; catalogs: Catalogs }) {
  const { t } = useI18n();
  const { draft, update } = ctx;
  const setOverride = (loc: Locale, value: string) =>
    update((d) => {
      const overrides = { ...d.questionOverrides };
      if (value === '') delete overrides[loc];
      else overrides[loc] = value;
      return { ...d, questionOverrides: overrides };
    });
  return (
    <Fieldset>
      <Fieldset.Legend>{t('settings.fields.questions')}</Fieldset.Legend>
      <Field.Hint>{t('settings.hints.questions')}</Field.Hint>
      {LOCALES.map((loc) => (
        <Field key={loc}>
          <Field.Label>{ctx.languageName(loc)}</Field.Label>
          <Textarea
            minRows={1}
            maxRows={4}
            lang={loc}
            value={draft.questionOverrides[loc] ?? ''}
            validation={ctx.invalid(`questionOverrides.${loc}`)}
            placeholder={standardQuestion(catalogs, draft, loc)}
            onChange={(e) => setOverride(loc, e.target.value)}
          />
          {ctx.problemAt(`questionOverrides.${loc}`)}
        </Field>
      ))}
    </Fieldset>
  );
}

/**
 * What customers (the reminder) or leads (the alert) will read, in the account's language, from
 * the same catalogs and code the service uses.
 */
export function WordingPreview({
  of,
  draft,
  catalogs,
}: {
  of: 'reminder' | 'alert';
  draft: Settings;
  catalogs: Catalogs;
}) {
  const { t } = useI18n();
  const accountT = createTranslator(catalogs, draft.defaultLocale);
  const lines =
    of === 'reminder'
      ? [
          accountT('email.reminderSubject'),
          '',
          accountT('email.reminderIntro'),
          '',
          standardQuestion(catalogs, draft, draft.defaultLocale),
        ]
      : alertLines(draft, catalogs, {
          ticketId: 123,
          score: 2,
          scaleMax: SCALES[draft.scaleId].max,
          reason: accountT('drivers.took_too_long'),
          comment: accountT('settings.previewComment'),
          ticketUrl: 'https://example.zendesk.com/agent/tickets/123',
          changedFrom: null,
        });
  const label = t(of === 'reminder' ? 'settings.reminderPreview' : 'settings.alertPreview');
  return (
    <Preview aria-label={label}>
      <Field.Label>{label}</Field.Label>
      <pre data-testid={`${of}-preview`}>{lines.join('\n')}</pre>
    </Preview>
  );
}
