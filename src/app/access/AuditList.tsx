import { Table } from '@zendeskgarden/react-tables';
import type { AuditEntry, AuditResponse } from '../../shared/access.js';
import { getAudit } from '../api/ces.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Section } from '../layout/Section.js';

/** The service's action names and their catalog keys. */
const ACTIONS: Record<string, string> = {
  'settings.update': 'settingsUpdate',
  'setup.apply': 'setupApply',
  'setup.repair': 'setupRepair',
  'access.update': 'accessUpdate',
  'outbox.retry': 'outboxRetry',
  'privacy.erase_requester': 'privacyEraseRequester',
  'privacy.zendesk_user_deleted': 'privacyUserDeleted',
  'privacy.comment_retention': 'privacyCommentRetention',
};

/** A changed value as the admin typed it; long lists shortened. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Who changed the settings, setup or access, or erased data, when, and what (admins). */
export function AuditList() {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const query = useQuery<AuditResponse>(() => getAudit(ces), 'audit');
  const action = (e: AuditEntry) => {
    const key = ACTIONS[e.action];
    return key ? t(`roles.audit.actions.${key}`) : e.action;
  };
  return (
    <Section id="ces-audit" title={t('roles.audit.title')}>
      <ResponseHandler
        query={query}
        isEmpty={(r) => r.items.length === 0}
        empty={t('roles.audit.empty')}
      >
        {(r) => (
          <Table size="small">
            <Table.Head>
              <Table.HeaderRow>
                <Table.HeaderCell>{t('roles.audit.when')}</Table.HeaderCell>
                <Table.HeaderCell>{t('roles.audit.who')}</Table.HeaderCell>
                <Table.HeaderCell>{t('roles.audit.what')}</Table.HeaderCell>
              </Table.HeaderRow>
            </Table.Head>
            <Table.Body>
              {r.items.map((e) => (
                <Table.Row key={e.id}>
                  <Table.Cell>{formatDateTime(i18n, e.at)}</Table.Cell>
                  <Table.Cell>
                    {t('roles.audit.user', { name: e.user.name ?? '—', id: e.user.id })}
                  </Table.Cell>
                  <Table.Cell>
                    {action(e)}
                    <ul>
                      {e.changes.map((c) => (
                        <li key={c.path}>
                          {'to' in c
                            ? t('roles.audit.change', {
                                path: c.path,
                                from: shown(c.from),
                                to: shown(c.to),
                              })
                            : c.path}
                        </li>
                      ))}
                    </ul>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </ResponseHandler>
    </Section>
  );
}
