/** @jest-environment jsdom */
import { SCALES } from '../../../src/shared/scales.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import {
  CONFIRM_DELAY_MS,
  CONFIRM_SCRIPT,
  pageTranslator,
  renderQuestionPage,
} from '../../../src/server/surveys/survey-page.js';

let visibility: DocumentVisibilityState = 'visible';

function loadPage(autoConfirm: boolean): jest.Mock {
  const html = renderQuestionPage(
    {
      locale: 'en',
      t: pageTranslator('en'),
      token: 'A'.repeat(43),
      ticketId: 7,
      scale: SCALES.ces2_7,
      settings: DEFAULT_SETTINGS,
      closesAt: new Date('2030-01-01T00:00:00Z'),
    },
    { checked: 2, autoConfirm },
  );
  document.documentElement.innerHTML = new DOMParser().parseFromString(
    html,
    'text/html',
  ).documentElement.innerHTML;
  const submit = jest.fn();
  for (const form of Array.from(document.forms)) form.submit = submit;
  // The script runs as the page's external file would: once, after parsing.
  new Function(CONFIRM_SCRIPT)();
  return submit;
}

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the confirm script', () => {
  beforeAll(() => {
    Object.defineProperty(document, 'visibilityState', { get: () => visibility });
  });
  beforeEach(() => {
    jest.useFakeTimers();
    visibility = 'visible';
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('confirms the chosen score once the page has been in view for a moment', () => {
    const submit = loadPage(true);
    expect(document.getElementById('autosave-note')?.hidden).toBe(false);
    jest.advanceTimersByTime(CONFIRM_DELAY_MS - 1);
    expect(submit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(submit).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10 * CONFIRM_DELAY_MS);
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('waits while the page is hidden (a link opened in the background or by a scanner)', () => {
    visibility = 'hidden';
    const submit = loadPage(true);
    jest.advanceTimersByTime(60_000);
    expect(submit).not.toHaveBeenCalled();
    setVisibility('visible');
    jest.advanceTimersByTime(CONFIRM_DELAY_MS / 2);
    setVisibility('hidden');
    jest.advanceTimersByTime(60_000);
    expect(submit).not.toHaveBeenCalled();
    setVisibility('visible');
    jest.advanceTimersByTime(CONFIRM_DELAY_MS);
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('leaves the button to the person once they change the choice', () => {
    const submit = loadPage(true);
    const five = document.querySelector<HTMLInputElement>('input[name="score"][value="5"]')!;
    five.checked = true;
    five.dispatchEvent(new Event('change', { bubbles: true }));
    jest.advanceTimersByTime(60_000);
    expect(submit).not.toHaveBeenCalled();
    expect(document.getElementById('autosave-note')?.hidden).toBe(true);
  });

  it('does nothing on a page without a score from the email', () => {
    const submit = loadPage(false);
    jest.advanceTimersByTime(60_000);
    expect(submit).not.toHaveBeenCalled();
  });
});
