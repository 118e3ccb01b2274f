import { useEffect, type RefObject } from 'react';
import type { ZafClient } from '../api/zaf-client.js';
import { resizeApp } from '../api/zendesk.js';

/** Keeps the app's iframe as tall as its content (the sidebar has no scroll bar of its own). */
export function useAutoResize(client: ZafClient, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let last = -1;
    const fit = () => {
      const height = el.scrollHeight;
      if (height === last) return;
      last = height;
      resizeApp(client, height).catch(() => undefined); // a failed resize only costs a scroll bar
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [client, ref]);
}
