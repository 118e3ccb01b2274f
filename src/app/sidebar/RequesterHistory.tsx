import styled from 'styled-components';
import { REQUESTER_HISTORY_LIMIT } from '../api/ces.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel, formatDate, formatScore } from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { TicketLink } from '../navigation/TicketLink.js';
import { useRequesterHistory } from './useSidebarData.js';
import { hue } from '../layout/colors.js';

const List = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li + li {
    margin-top: ${(p) => p.theme.space.xs};
  }
`;

const Line = styled.div`
  color: ${hue('grey', 700)};
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

/** The requester's earlier answers; each opens its ticket. */
export function RequesterHistory({
  requesterId,
  ticketId,
}: {
  requesterId: number;
  ticketId: number;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const query = useRequesterHistory(requesterId);
  return (
    <ResponseHandler
      query={query}
      isEmpty={(d) => d.items.every((item) => item.ticketId === ticketId)}
      empty={t('sidebar.history.empty')}
    >
      {(d) => (
        <List>
          {d.items
            .filter((item) => item.ticketId !== ticketId)
            .slice(0, REQUESTER_HISTORY_LIMIT)
            .map((item) => (
              <li key={item.id}>
                <TicketLink ticketId={item.ticketId} />
                {' · '}
                <span>{formatScore(i18n, item.answer.scaleId, item.answer.score)}</span>
                <Line>
                  {formatDate(i18n, item.answer.answeredAt)}
                  {item.answer.driver ? ` · ${driverLabel(i18n, item.answer.driver)}` : ''}
                </Line>
              </li>
            ))}
        </List>
      )}
    </ResponseHandler>
  );
}
