import { createContext, useContext, type ReactNode } from 'react';
import { Anchor } from '@zendeskgarden/react-buttons';
import { useI18n } from '../i18n/I18nProvider.js';

/** Opens an agent's page with the filters of the page that provides it; null: names stay text. */
export const OpenAgentContext = createContext<((agentId: number) => void) | null>(null);

export function useOpenAgent(): ((agentId: number) => void) | null {
  return useContext(OpenAgentContext);
}

/** An agent's name that opens their page (a link: Enter opens it, as any link). */
export function AgentLink({ agentId, children }: { agentId: number; children: ReactNode }) {
  const open = useOpenAgent();
  const { t } = useI18n();
  if (!open) return <>{children}</>;
  return (
    <Anchor
      href={`#agent-${agentId}`}
      title={t('agent.open')}
      onClick={(e) => {
        e.preventDefault();
        open(agentId);
      }}
    >
      {children}
    </Anchor>
  );
}
