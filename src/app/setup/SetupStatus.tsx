import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Alert } from '@zendeskgarden/react-notifications';
import { Table } from '@zendeskgarden/react-tables';
import type { SetupItem } from '../../shared/api-types.js';
import { getSetupStatus, repairSetup } from '../api/ces.js';
import { errorMessageKey } from '../api/request-error.js';
import { useMutation } from '../data/useMutation.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { hue } from '../layout/colors.js';
import { Muted } from '../layout/Section.js';

const Actions = styled.div`
  display: flex;
  gap: ${(p) => p.theme.space.sm};
  margin: ${(p) => p.theme.space.sm} 0;
`;

const State = styled.span<{ $state: SetupItem['state'] }>`
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  color: ${(p) =>
    p.$state === 'ok'
      ? hue('green', 700)(p)
      : // Pending is our own settings on their way: not a fault like missing or drifted.
        p.$state === 'pending'
        ? hue('blue', 700)(p)
        : hue('red', 700)(p)};
`;

/** What Zendesk has of the fields, webhook, triggers and dynamic content, with a repair action. */
export function SetupStatus() {
  const { t } = useI18n();
  const ces = useCes();
  const query = useQuery(() => getSetupStatus(ces), 'setup');
  // The repair answers with the new status: shown until the admin checks again.
  const repair = useMutation(() => repairSetup(ces));

  return (
    <ResponseHandler query={query}>
      {(fetched) => {
        const status = repair.data ?? fetched;
        return (
          <div>
            {repair.status === 'success' && (
              <Alert type={status.ok ? 'success' : 'warning'} role="status">
                <Alert.Title>
                  {status.ok ? t('setup.repairedTitle') : t('setup.partlyRepairedTitle')}
                </Alert.Title>
                {status.ok ? t('setup.repaired') : t('setup.partlyRepaired')}
              </Alert>
            )}
            {repair.status === 'error' && repair.error && (
              <Alert type="error" role="alert">
                <Alert.Title>{t('setup.failedTitle')}</Alert.Title>
                {t(errorMessageKey(repair.error))}
              </Alert>
            )}
            <Muted role="status">{status.ok ? t('setup.allOk') : t('setup.needsRepair')}</Muted>
            <Actions>
              <Button
                isPrimary
                disabled={status.ok || repair.status === 'pending'}
                onClick={() => void repair.mutate()}
              >
                {repair.status === 'pending' ? t('setup.repairing') : t('setup.repair')}
              </Button>
              <Button
                onClick={() => {
                  repair.reset();
                  query.refetch();
                }}
              >
                {t('setup.check')}
              </Button>
            </Actions>
            <Table size="small" isReadOnly aria-label={t('setup.title')}>
              <Table.Head>
                <Table.HeaderRow>
                  <Table.HeaderCell>{t('setup.columns.item')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('setup.columns.kind')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('setup.columns.state')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('setup.columns.detail')}</Table.HeaderCell>
                </Table.HeaderRow>
              </Table.Head>
              <Table.Body>
                {status.items.map((item) => (
                  <Table.Row key={`${item.kind}:${item.key}`}>
                    <Table.Cell>{item.title}</Table.Cell>
                    <Table.Cell>{t(`setup.kinds.${item.kind}`)}</Table.Cell>
                    <Table.Cell>
                      <State $state={item.state}>{t(`setup.states.${item.state}`)}</State>
                    </Table.Cell>
                    <Table.Cell>{item.detail ?? ''}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        );
      }}
    </ResponseHandler>
  );
}
