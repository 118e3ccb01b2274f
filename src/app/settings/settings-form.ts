/** Converting between what the admin types and the Settings document the service stores. */
import type { Locale } from '../../shared/locales.js';
import {
  isShippedDriver,
  type DriverKind,
  type Settings,
  type SettingsProblem,
} from '../../shared/settings.js';

/** "email, web" → ["email", "web"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A number field's text → number; empty or garbage → NaN so validation names it. */
export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** A driver id an admin adds: lower case words joined by underscores. */
export function toDriverId(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
}

/** The sampling rate is stored as 0..1 but typed in percent: say its limits in percent too. */
export function inPercent(problem: SettingsProblem): SettingsProblem {
  const { min, max } = problem.vars ?? {};
  if (typeof min !== 'number' || typeof max !== 'number') return problem;
  return { ...problem, vars: { ...problem.vars, min: min * 100, max: max * 100 } };
}

/** Which settings list holds the reasons of one kind of answer. */
export function driverListKey(kind: DriverKind): 'drivers' | 'easyDrivers' {
  return kind === 'easy' ? 'easyDrivers' : 'drivers';
}

/** Turns a shipped reason on (at the end of the list) or off. */
export function toggleDriver(s: Settings, kind: DriverKind, id: string, on: boolean): Settings {
  const key = driverListKey(kind);
  const rest = s[key].filter((x) => x !== id);
  return { ...s, [key]: on ? [...rest, id] : rest };
}

/**
 * Adds the admin's own reason from its English label. An id taken by the other list gets a
 * suffix: one id is one reason for one kind of answer.
 */
export function addCustomDriver(s: Settings, kind: DriverKind, label: string): Settings {
  const key = driverListKey(kind);
  const base = toDriverId(label);
  if (!base) return s;
  const other = s[driverListKey(kind === 'easy' ? 'hard' : 'easy')];
  const id = other.includes(base) || isShippedDriver(base) ? `${base}_${kind}` : base;
  if (s[key].includes(id)) return s;
  return {
    ...s,
    [key]: [...s[key], id],
    customDriverLabels: { ...s.customDriverLabels, [id]: { en: label.trim() } },
  };
}

export function removeCustomDriver(s: Settings, kind: DriverKind, id: string): Settings {
  const key = driverListKey(kind);
  const labels = { ...s.customDriverLabels };
  delete labels[id];
  return { ...s, [key]: s[key].filter((x) => x !== id), customDriverLabels: labels };
}

/** One language's label of a custom reason; an empty one is dropped (English then shows). */
export function setDriverLabel(s: Settings, id: string, locale: Locale, text: string): Settings {
  const labels = { ...s.customDriverLabels[id] };
  if (text === '' && locale !== 'en') delete labels[locale];
  else labels[locale] = text;
  return { ...s, customDriverLabels: { ...s.customDriverLabels, [id]: labels } };
}
