/**
 * Small progressive enhancements of the workspace pages (they work without it): regions marked
 * `data-refresh-ms` reload themselves, so a new email or a changed ticket shows up on its own.
 */

async function refresh(region: HTMLElement): Promise<void> {
  try {
    const response = await fetch(window.location.href, { headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = doc.getElementById(region.id);
    if (fresh && fresh.innerHTML !== region.innerHTML) region.innerHTML = fresh.innerHTML;
  } catch {
    // offline for a moment: the next tick tries again
  }
}

for (const region of Array.from(document.querySelectorAll<HTMLElement>('[data-refresh-ms]'))) {
  const every = Number(region.dataset.refreshMs);
  if (region.id && Number.isFinite(every) && every >= 500) {
    window.setInterval(() => void refresh(region), every);
  }
}

/**
 * The demo's note (older weeks still being seeded): shown while the service says there is one,
 * refreshed every few seconds, gone when seeding is done.
 */
async function demoNote(): Promise<void> {
  const slot = document.getElementById('demo-note');
  if (!slot) return;
  try {
    const response = await fetch('/workspace/demo-note', {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) return;
    const { note } = (await response.json()) as { note: string | null };
    slot.textContent = note ?? '';
    slot.hidden = note === null;
    if (note !== null) window.setTimeout(() => void demoNote(), 3000);
  } catch {
    window.setTimeout(() => void demoNote(), 3000);
  }
}

void demoNote();

export {};
