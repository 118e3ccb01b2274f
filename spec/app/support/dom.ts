/**
 * What jsdom lacks and Garden reads at import time (matchMedia for the colour scheme), and how long
 * Testing Library waits. Import this first in every app test file.
 */
import { configure } from '@testing-library/react';

/**
 * findBy* and waitFor wait for a state; their default of 1 s timed out on a loaded machine (the
 * NavBar test failed a CI run at load ~8). A state that arrives early costs nothing extra.
 */
configure({ asyncUtilTimeout: 15_000 });

if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
