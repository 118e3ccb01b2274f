import { useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import { Tabs } from '@zendeskgarden/react-tabs';
import type { ReportFilters } from '../../shared/api-types.js';
import { AgentPage } from '../agent/AgentPage.js';
import { useClient } from '../client/ClientProvider.js';
import { useSession } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { SettingsForm } from '../settings/SettingsForm.js';
import { ZendeskBudget } from '../settings/ZendeskBudget.js';
import { ZendeskSyncStatus } from '../settings/ZendeskSyncStatus.js';
import { SetupStatus } from '../setup/SetupStatus.js';
import { useAppRoute } from '../navigation/app-route.js';
import { TeamReport } from '../team/TeamReport.js';
import { DEFAULT_PERIOD, toReportFilters } from '../team/period.js';

const Main = styled.main`
  padding: ${(p) => p.theme.space.md};
`;

const Title = styled.h1`
  margin: 0 0 ${(p) => p.theme.space.sm};
  font-size: ${(p) => p.theme.fontSizes.xl};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

/** An agent's page and the filters it was opened with. */
interface AgentView {
  agentId: number;
  filters: ReportFilters;
  ticketId?: number;
}

/**
 * The nav bar page: the team report for everyone, an agent's page from it (or from a note's
 * link), settings and setup for admins.
 */
export function NavBar({ now = () => new Date() }: { now?: () => Date }) {
  const { t } = useI18n();
  const { isAdmin } = useSession();
  const client = useClient();
  const [tab, setTab] = useState('report');
  const [agent, setAgent] = useState<AgentView | null>(null);
  // The team page stays mounted under an agent's page: back keeps its filters, sort and scroll.
  const returnFocus = useRef<HTMLElement | null>(null);
  const route = useAppRoute(client);
  useEffect(() => {
    if (!route) return;
    setTab('report');
    // A deep link (a note's) opens with the team page's default period.
    setAgent(
      route.view === 'agent'
        ? {
            agentId: route.agentId,
            filters: toReportFilters({ days: DEFAULT_PERIOD }, now()),
            ...(route.ticketId !== undefined ? { ticketId: route.ticketId } : {}),
          }
        : null,
    );
    // now() is read once per route: a new clock function must not reopen the page.
  }, [route]);
  const openAgent = (agentId: number, filters: ReportFilters) => {
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAgent({ agentId, filters });
  };
  const back = () => {
    setAgent(null);
    requestAnimationFrame(() => returnFocus.current?.focus());
  };
  return (
    <Main>
      <Title>{t('team.title')}</Title>
      <Tabs selectedItem={tab} onChange={(item) => setTab(String(item))}>
        <Tabs.TabList>
          <Tabs.Tab item="report">{t('team.tabs.report')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab item="settings">{t('team.tabs.settings')}</Tabs.Tab>}
          {isAdmin && <Tabs.Tab item="setup">{t('team.tabs.setup')}</Tabs.Tab>}
        </Tabs.TabList>
        <Tabs.TabPanel item="report">
          {tab === 'report' && (
            <>
              <div hidden={agent !== null}>
                <TeamReport now={now} onOpenAgent={openAgent} />
              </div>
              {agent && (
                <AgentPage
                  key={`${agent.agentId}:${agent.ticketId ?? ''}`}
                  agentId={agent.agentId}
                  filters={agent.filters}
                  ticketId={agent.ticketId}
                  onBack={back}
                />
              )}
            </>
          )}
        </Tabs.TabPanel>
        {isAdmin && (
          <Tabs.TabPanel item="settings">
            {tab === 'settings' && (
              <>
                <ZendeskSyncStatus />
                <ZendeskBudget />
                <SettingsForm />
              </>
            )}
          </Tabs.TabPanel>
        )}
        {isAdmin && (
          <Tabs.TabPanel item="setup">{tab === 'setup' && <SetupStatus />}</Tabs.TabPanel>
        )}
      </Tabs>
    </Main>
  );
}
