/** @jest-environment jsdom */
import '../support/dom.js';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SettingsForm } from '../../../src/app/settings/SettingsForm.js';
import {
  rowFields,
  SETTINGS_SECTIONS,
  type FieldSpec,
} from '../../../src/app/settings/settings-fields.js';
import { settings } from '../support/fixtures.js';
import { lookup } from '../../../src/shared/i18n.js';
import { LOCALES } from '../../../src/shared/locales.js';
import { catalogs, renderApp, text } from '../support/render.js';
import { MockZafClient, ok, pending, route, type Route } from '../support/zaf-mock.js';

const t = (key: string, vars?: Record<string, string | number>) => text('en', key, vars);
const FIELDS: FieldSpec[] = SETTINGS_SECTIONS.flatMap((s) => s.rows.flatMap(rowFields));

function admin(routes: Route[]) {
  return new MockZafClient({
    user: { locale: 'en-US', role: 'admin' },
    routes: [
      route('GET', '/api/v1/settings', ok({ settings: settings() })),
      ...routes,
      route('GET', '/api/v2/groups.json', ok({ groups: [], meta: { has_more: false } })),
      route('GET', '/api/v2/brands.json', ok({ brands: [], meta: { has_more: false } })),
    ],
  });
}

describe('the settings form, drawn from its table', () => {
  it('shows every field of the table as a labelled control holding the stored value', async () => {
    renderApp(admin([]), <SettingsForm />);
    await screen.findByRole('form', { name: t('settings.title') });
    const stored = settings();
    expect(FIELDS.length).toBeGreaterThan(15);
    for (const spec of FIELDS) {
      if (spec.kind === 'picker') {
        expect(screen.getByRole('group', { name: t(spec.label) })).toBeInTheDocument();
        continue;
      }
      // Reached by its label, as a screen reader or a click on the label reaches it.
      const control = screen.getByLabelText(t(spec.label));
      if (spec.kind === 'toggle')
        expect((control as HTMLInputElement).checked).toBe(spec.get(stored));
      else if (spec.kind === 'select') expect(control).toHaveValue(spec.get(stored));
      else expect(control).toHaveValue(spec.show(stored));
    }
    // The sections in the table's order, each a region named by its heading.
    const form = screen.getByRole('form', { name: t('settings.title') });
    expect(
      within(form)
        .getAllByRole('region')
        .map((r) => r.getAttribute('aria-labelledby')),
    ).toEqual(SETTINGS_SECTIONS.map((section) => section.id));
    for (const section of SETTINGS_SECTIONS) {
      expect(within(form).getByRole('region', { name: t(section.title) })).toBeInTheDocument();
    }
  });

  it('names every field and section with a key every language has', () => {
    const keys = [
      ...SETTINGS_SECTIONS.map((section) => section.title),
      ...FIELDS.flatMap((f) => [f.label, ...(f.hint ? [f.hint] : [])]),
      ...FIELDS.flatMap((f) =>
        f.kind === 'picker'
          ? [f.unknown]
          : f.kind === 'select' && typeof f.optionLabel === 'object' && 'key' in f.optionLabel
            ? f.options.map(f.optionLabel.key)
            : [],
      ),
    ];
    const missing = LOCALES.flatMap((loc) =>
      keys.filter((key) => lookup(catalogs[loc], key) === null).map((key) => `${loc}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('marks the field a problem belongs to, and no other', async () => {
    renderApp(admin([]), <SettingsForm />);
    const days = await screen.findByLabelText(t('settings.fields.reminderAfterDays'));
    await userEvent.clear(days);
    await userEvent.click(screen.getByRole('button', { name: t('settings.save') }));
    await screen.findByText(t('settings.invalidTitle'));
    expect(days).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(t('settings.fields.throttleDays'))).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('sends one save however often Save is pressed while it runs', async () => {
    const client = admin([route('PUT', '/api/v1/settings', pending)]);
    renderApp(client, <SettingsForm />);
    const save = await screen.findByRole('button', { name: t('settings.save') });
    await userEvent.click(save);
    const saving = await screen.findByRole('button', { name: t('settings.saving') });
    expect(saving).toBeDisabled();
    await userEvent.click(saving);
    // Enter in a field submits the form too.
    await userEvent.type(screen.getByLabelText(t('settings.fields.throttleDays')), '{Enter}');
    expect(client.requests.filter((r) => r.type === 'PUT')).toHaveLength(1);
    expect(within(screen.getByRole('form')).queryByRole('alert')).toBeNull();
  });
});
