import { getSettings } from '../api/ces.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';

/** The account's current settings. */
export function useSettings() {
  const ces = useCes();
  return useQuery(() => getSettings(ces), 'settings');
}
