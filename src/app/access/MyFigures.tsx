import { Button } from '@zendeskgarden/react-buttons';
import { useSession } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted, Section } from '../layout/Section.js';
import { AgentFigures } from '../sidebar/AgentFigures.js';

/**
 * An agent's page: their own figures (with the team's as context), and why not more; `onOpenPage`
 * opens their own agent page (answers and reasons), the one team leads see of them.
 */
export function MyFigures({ onOpenPage }: { onOpenPage?: (agentId: number) => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me) return null;
  return (
    <Section id="ces-my-figures" title={t('roles.mine.title')}>
      <Muted role="note">{t('roles.mine.note')}</Muted>
      <AgentFigures agentId={me.user.id} knownName={me.user.name} assignedNow={null} />
      {onOpenPage && (
        <Button isLink onClick={() => onOpenPage(me.user.id)}>
          {t('roles.mine.openPage')}
        </Button>
      )}
    </Section>
  );
}
