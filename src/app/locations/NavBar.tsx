import { useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import { Alert } from '@zendeskgarden/react-notifications';
import { Tabs } from '@zendeskgarden/react-tabs';
import type { ReportFilters } from '../../shared/api-types.js';
import { AccessSettings } from '../access/AccessSettings.js';
import { AuditList } from '../access/AuditList.js';
import { MyFigures } from '../access/MyFigures.js';
import { AgentPage } from '../agent/AgentPage.js';
import { useClient } from '../client/ClientProvider.js';
import { useCan, useSession } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from '../layout/Section.js';
import { SettingsForm } from '../settings/SettingsForm.js';
import { ZendeskBudget } from '../settings/ZendeskBudget.js';
import { ZendeskSyncStatus } from '../settings/ZendeskSyncStatus.js';
import { SetupStatus } from '../setup/SetupStatus.js';
import { useAppRoute } from '../navigation/app-route.js';
import { DigestSettings } from '../team/DigestSettings.js';
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
 * The nav bar page, as the service's roles allow: the team report for team leads (their groups)
 * and admins, with an agent's page from it (or from a note's link); an agent's own figures and own
 * page for agents (a link to a colleague's page says why it shows theirs instead); settings
 * (with who counts as a team lead), setup and the audit for admins.
 */
export function NavBar({ now = () => new Date() }: { now?: () => Date }) {
  const { t } = useI18n();
  const canReport = useCan('teamReport');
  const canSettings = useCan('settings');
  const canSetup = useCan('setup');
  const canAudit = useCan('audit');
  const client = useClient();
  const { me } = useSession();
  const [tab, setTab] = useState(canReport ? 'report' : 'mine');
  const [agent, setAgent] = useState<AgentView | null>(null);
  /** An agent followed a link to a colleague's page: say why they see their own figures. */
  const [colleagueLink, setColleagueLink] = useState(false);
  // The team page stays mounted under an agent's page: back keeps its filters, sort and scroll.
  const returnFocus = useRef<HTMLElement | null>(null);
  const route = useAppRoute(client);
  useEffect(() => {
    if (!route) return;
    setTab(canReport ? 'report' : 'mine');
    // A deep link (a note's) opens with the team page's default period. Team leads and admins
    // open any agent's page (the service refuses one outside their groups, and the page says
    // why); an agent opens only their own, and hears why a colleague's shows theirs instead.
    const own = route.view === 'agent' && route.agentId === me?.user.id;
    setColleagueLink(route.view === 'agent' && !canReport && !own);
    setAgent(
      route.view === 'agent' && (canReport || own)
        ? {
            agentId: route.agentId,
            filters: toReportFilters({ days: DEFAULT_PERIOD }, now()),
            ...(route.ticketId !== undefined ? { ticketId: route.ticketId } : {}),
          }
        : null,
    );
    // now() is read once per route: a new clock function must not reopen the page.
  }, [route, canReport, me]);
  const openAgent = (agentId: number, filters: ReportFilters) => {
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAgent({ agentId, filters });
  };
  const back = () => {
    setAgent(null);
    requestAnimationFrame(() => returnFocus.current?.focus());
  };
  // One agent's page for both tabs; from "mine" the way back is to the agent's own figures.
  const agentPage = agent && (
    <AgentPage
      key={`${agent.agentId}:${agent.ticketId ?? ''}`}
      agentId={agent.agentId}
      filters={agent.filters}
      ticketId={agent.ticketId}
      backLabel={canReport ? undefined : t('roles.mine.back')}
      onBack={back}
    />
  );
  return (
    <Main>
      <Title>{t('team.title')}</Title>
      <Tabs selectedItem={tab} onChange={(item) => setTab(String(item))}>
        <Tabs.TabList>
          {canReport ? (
            <Tabs.Tab item="report">{t('team.tabs.report')}</Tabs.Tab>
          ) : (
            <Tabs.Tab item="mine">{t('roles.mine.tab')}</Tabs.Tab>
          )}
          {canReport && <Tabs.Tab item="digest">{t('digest.heading')}</Tabs.Tab>}
          {canSettings && <Tabs.Tab item="settings">{t('team.tabs.settings')}</Tabs.Tab>}
          {canSetup && <Tabs.Tab item="setup">{t('team.tabs.setup')}</Tabs.Tab>}
          {canAudit && <Tabs.Tab item="audit">{t('roles.audit.tab')}</Tabs.Tab>}
        </Tabs.TabList>
        {canReport ? (
          <Tabs.TabPanel item="report">
            {tab === 'report' && (
              <>
                <div hidden={agent !== null}>
                  <TeamReport now={now} onOpenAgent={openAgent} />
                </div>
                {agentPage}
              </>
            )}
          </Tabs.TabPanel>
        ) : (
          <Tabs.TabPanel item="mine">
            {tab === 'mine' && (
              <>
                {colleagueLink && agent === null && (
                  <Alert type="info" role="status">
                    {t('roles.colleaguePage')}
                  </Alert>
                )}
                <div hidden={agent !== null}>
                  <MyFigures
                    onOpenPage={(agentId) => {
                      setColleagueLink(false);
                      openAgent(agentId, toReportFilters({ days: DEFAULT_PERIOD }, now()));
                    }}
                  />
                </div>
                {agentPage}
              </>
            )}
          </Tabs.TabPanel>
        )}
        {canReport && (
          <Tabs.TabPanel item="digest">{tab === 'digest' && <DigestSettings />}</Tabs.TabPanel>
        )}
        {canSettings && (
          <Tabs.TabPanel item="settings">
            {tab === 'settings' && (
              <>
                <ZendeskSyncStatus />
                <ZendeskBudget />
                <SettingsForm />
                <AccessSettings />
              </>
            )}
          </Tabs.TabPanel>
        )}
        {canSetup && (
          <Tabs.TabPanel item="setup">{tab === 'setup' && <SetupStatus />}</Tabs.TabPanel>
        )}
        {canAudit && <Tabs.TabPanel item="audit">{tab === 'audit' && <AuditList />}</Tabs.TabPanel>}
      </Tabs>
      {!canSettings && <Muted role="note">{t('roles.adminOnly')}</Muted>}
    </Main>
  );
}
