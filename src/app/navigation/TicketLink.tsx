import { Anchor } from '@zendeskgarden/react-buttons';
import { openTicket } from '../api/zendesk.js';
import { useClient } from '../client/ClientProvider.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** "Ticket #123", opening the ticket in Zendesk (a link: Enter opens it, as any link). */
export function TicketLink({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const client = useClient();
  return (
    <Anchor
      href={`#ticket-${ticketId}`}
      onClick={(e) => {
        e.preventDefault();
        void openTicket(client, ticketId);
      }}
    >
      {t('common.ticketLink', { id: ticketId })}
    </Anchor>
  );
}
