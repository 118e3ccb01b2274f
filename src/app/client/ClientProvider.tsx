import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ZafClient, ZafInit } from '../api/zaf-client.js';

// null default: useClient() outside the provider fails loudly instead of returning a fake client.
const ClientContext = createContext<ZafClient | null>(null);

interface Props {
  /** Creates the ZAF client once (the entry files pass the real SDK; tests pass a mock). */
  init: ZafInit;
  /** Shown when the page was opened outside Zendesk, where there is no client. */
  outsideZendesk: ReactNode;
  children: ReactNode;
}

/** Initialises ZAF once and renders nothing until Zendesk has registered the app. */
export function ClientProvider({ init, outsideZendesk, children }: Props) {
  const [registered, setRegistered] = useState(false);
  // A lazy initial state runs init exactly once for the life of the page.
  const [client] = useState(() => init(() => setRegistered(true)));
  if (client === false) return <>{outsideZendesk}</>;
  if (!registered) return null;
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ZafClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() must be used inside <ClientProvider>');
  return client;
}
