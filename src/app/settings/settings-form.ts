/** Converting between what the admin types and the Settings document the service stores. */
import type { SettingsProblem } from '../../shared/settings.js';

/** "1, 2,3" → [1, 2, 3]; anything that is not a whole number stays NaN so validation names it. */
export function parseIdList(text: string): number[] {
  return splitList(text).map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

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
