import { useState } from 'react';
import styled from 'styled-components';
import { Tabs } from '@zendeskgarden/react-tabs';
import { useSession } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
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

/** The nav bar page: the team report for everyone; settings and setup for admins. */
export function NavBar({ now }: { now?: () => Date }) {
  const { t } = useI18n();
  const { isAdmin } = useSession();
  const [tab, setTab] = useState('report');
  return (
    <Main>
      <Title>{t('team.title')}</Title>
      <Tabs selectedItem={tab} onChange={(item) => setTab(String(item))}>
        <Tabs.TabList>
          <Tabs.Tab item="report">{t('team.tabs.report')}</Tabs.Tab>
          {isAdmin && <Tabs.Tab item="settings">{t('team.tabs.settings')}</Tabs.Tab>}
          {isAdmin && <Tabs.Tab item="setup">{t('team.tabs.setup')}</Tabs.Tab>}
        </Tabs.TabList>
        <Tabs.TabPanel item="report">{tab === 'report' && <TeamReport now={now} />}</Tabs.TabPanel>
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
