import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Field } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import type { SettingsInvalidResponse } from '../../shared/api-types.js';
import { validateSettings, type Settings, type SettingsProblem } from '../../shared/settings.js';
import { saveSettings } from '../api/ces.js';
import { errorMessageKey, type RequestError } from '../api/request-error.js';
import { useMutation } from '../data/useMutation.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Section } from '../layout/Section.js';
import { useAccountLists } from '../team/useTeamData.js';
import { QuestionOverrides, useAllCatalogs, WordingPreview } from './CustomerWording.js';
import { DriverList } from './DriverLists.js';
import { SettingField, type FieldContext } from './SettingField.js';
import { SETTINGS_SECTIONS, TEXT_FIELDS, type CustomPart, type Row } from './settings-fields.js';
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

/** The admin's settings: scale, wording, reasons, rules and ranking, validated before saving. */
export function SettingsForm() {
  const query = useSettings();
  return (
    <ResponseHandler query={query}>
      {(d) => <Editor initial={d.settings} onSaved={query.refetch} />}
    </ResponseHandler>
  );
}

/** The problems of a save the service refused as invalid (422), else null. */
function refusedProblems(error: RequestError | undefined): SettingsProblem[] | null {
  const body = error?.body as Partial<SettingsInvalidResponse> | null | undefined;
  return error?.status === 422 && body && Array.isArray(body.problems) ? body.problems : null;
}

function Editor({ initial, onSaved }: { initial: Settings; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const catalogs = useAllCatalogs();
  const [draft, setDraft] = useState<Settings>(initial);
  // Free-text fields keep what the admin typed; they are parsed into `draft` on every change.
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(TEXT_FIELDS.map((f) => [f.key, f.show(initial)])),
  );
  // What the form's own check found; the service's check arrives as the save's 422.
  const [found, setFound] = useState<SettingsProblem[]>([]);
  const save = useMutation((settings: Settings) => saveSettings(ces, settings), {
    onSuccess: (saved) => {
      setDraft(saved.settings);
      onSaved();
    },
  });
  // Groups and brands are picked by name: the account's lists, as the team page's filters read them.
  const lists = useAccountLists();
  const refused = refusedProblems(save.error);
  const problems = refused ?? found;

  const ctx: FieldContext = {
    draft,
    update: setDraft,
    text,
    type: (spec, value) => {
      setText((x) => ({ ...x, [spec.key]: value }));
      setDraft((d) => spec.apply(d, value));
    },
    problemAt: (path, worded = (p) => p) => {
      const p = problems.find((x) => x.path === path);
      if (!p) return null;
      const shown = worded(p);
      return <Field.Message validation="error">{t(shown.messageKey, shown.vars)}</Field.Message>;
    },
    invalid: (path) => (problems.some((x) => x.path === path) ? 'error' : undefined),
    languageName: (code) =>
      new Intl.DisplayNames([i18n.intlLocale], { type: 'language' }).of(code) ?? code,
    lists,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problemsFound = validateSettings(draft);
    setFound(problemsFound);
    if (problemsFound.length > 0) {
      save.reset();
      return;
    }
    void save.mutate(draft);
  };

  const parts: Record<CustomPart, () => ReactNode> = {
    questions: () => <QuestionOverrides ctx={ctx} catalogs={catalogs} />,
    drivers: () =>
      (['hard', 'easy'] as const).map((kind) => (
        <DriverList
          key={kind}
          kind={kind}
          draft={draft}
          update={setDraft}
          problemAt={ctx.problemAt}
          languageName={ctx.languageName}
        />
      )),
    reminderPreview: () => <WordingPreview of="reminder" draft={draft} catalogs={catalogs} />,
    alertPreview: () => <WordingPreview of="alert" draft={draft} catalogs={catalogs} />,
  };
  const row = (r: Row, index: number): ReactNode => {
    if ('part' in r) return <Fragment key={r.part}>{parts[r.part]()}</Fragment>;
    if ('grid' in r)
      return (
        <Grid key={index}>
          {r.grid.map((spec) => (
            <SettingField key={spec.key} spec={spec} ctx={ctx} />
          ))}
        </Grid>
      );
    return <SettingField key={r.key} spec={r} ctx={ctx} />;
  };

  return (
    <Form onSubmit={submit} noValidate aria-label={t('settings.title')}>
      {problems.length > 0 && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('settings.invalidTitle')}</Alert.Title>
          {t('settings.invalid', { count: problems.length })}
        </Alert>
      )}
      {save.status === 'error' && save.error && !refused && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('settings.failedTitle')}</Alert.Title>
          {t(errorMessageKey(save.error))}
        </Alert>
      )}
      {save.status === 'success' && (
        <Alert type="success" role="status">
          <Alert.Title>{t('settings.saved')}</Alert.Title>
        </Alert>
      )}

      {SETTINGS_SECTIONS.map((section) => (
        <Section key={section.id} id={section.id} title={t(section.title)}>
          {section.rows.map(row)}
        </Section>
      ))}

      <div>
        <Button type="submit" isPrimary disabled={save.status === 'pending'}>
          {save.status === 'pending' ? t('settings.saving') : t('settings.save')}
        </Button>
      </div>
    </Form>
  );
}
