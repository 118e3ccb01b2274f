import { useCallback, useEffect } from 'react';
import { getSettings } from '../api/ces.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

const reloadListeners = new Set<() => void>();

/**
 * The account's current settings. The settings form reloads them after every save, which is when
 * Zendesk may fall behind: `useSettingsReloaded` hears each reload (the Zendesk status does).
 */
export function useSettings() {
  const ces = useCes();
  const query = useQuery(() => getSettings(ces), 'settings');
  const { refetch: reload } = query;
  const refetch = useCallback(() => {
    reload();
    for (const listener of reloadListeners) listener();
  }, [reload]);
  return { ...query, refetch };
}

/** Calls `listener` whenever the settings are reloaded (after a save). */
export function useSettingsReloaded(listener: () => void): void {
  useEffect(() => {
    reloadListeners.add(listener);
    return () => {
      reloadListeners.delete(listener);
    };
  }, [listener]);
}
