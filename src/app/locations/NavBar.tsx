import { useState } from 'react';
import styled from 'styled-components';
import { Tabs } from '@zendeskgarden/react-tabs';
import { AuditList } from '../access/AuditList.js';
import { MyFigures } from '../access/MyFigures.js';
import { useCan } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from '../layout/Section.js';
import { SettingsForm } from '../settings/SettingsForm.js';
import { ZendeskBudget } from '../settings/ZendeskBudget.js';
import { ZendeskSyncStatus } from '../settings/ZendeskSyncStatus.js';
import { SetupStatus } from '../setup/SetupStatus.js';
import { TeamReport } from '../team/TeamReport.js';

const Main = styled.main`
  padding: ${(p) => p.theme.space.md};
`;

const Title = styled.h1`
  margin: 0 0 ${(p) => p.theme.space.sm};
  font-size: ${(p) => p.theme.fontSizes.xl};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

/**
 * The nav bar page, as the service's roles allow: the team report for team leads (their groups)
 * and admins, an agent's own figures for agents; settings, setup and the audit for admins.
 */
export function NavBar({ now }: { now?: () => Date }) {
  const { t } = useI18n();
  const canReport = useCan('teamReport');
  const canSettings = useCan('settings');
  const canSetup = useCan('setup');
  const canAudit = useCan('audit');
  const [tab, setTab] = useState(canReport ? 'report' : 'mine');
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
          {canSettings && <Tabs.Tab item="settings">{t('team.tabs.settings')}</Tabs.Tab>}
          {canSetup && <Tabs.Tab item="setup">{t('team.tabs.setup')}</Tabs.Tab>}
          {canAudit && <Tabs.Tab item="audit">{t('roles.audit.tab')}</Tabs.Tab>}
        </Tabs.TabList>
        {canReport ? (
          <Tabs.TabPanel item="report">
            {tab === 'report' && <TeamReport now={now} />}
          </Tabs.TabPanel>
        ) : (
          <Tabs.TabPanel item="mine">{tab === 'mine' && <MyFigures />}</Tabs.TabPanel>
        )}
        {canSettings && (
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
        {canSetup && (
          <Tabs.TabPanel item="setup">{tab === 'setup' && <SetupStatus />}</Tabs.TabPanel>
        )}
        {canAudit && <Tabs.TabPanel item="audit">{tab === 'audit' && <AuditList />}</Tabs.TabPanel>}
      </Tabs>
      {!canSettings && <Muted role="note">{t('roles.adminOnly')}</Muted>}
    </Main>
  );
}
