import { useState, type FormEvent, type KeyboardEvent } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input, Radio } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import {
  namesCustomRole,
  type AccessPolicy,
  type AccessPolicyResponse,
  type AgentOption,
  type CustomRoleOption,
} from '../../shared/access.js';
import { getAccess, getCustomRoles, saveAccess, searchAgents } from '../api/ces.js';
import { errorMessageKey, toRequestError, type RequestError } from '../api/request-error.js';
import type { NamedRef } from '../../shared/api-types.js';
import { useMutation } from '../data/useMutation.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { nameLabel } from '../i18n/format.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Muted, Section } from '../layout/Section.js';
import { CheckboxList } from '../layout/CheckboxList.js';

const Form = styled.form`
  max-width: 720px;
  display: grid;
  gap: ${(p) => p.theme.space.md};
`;

const People = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: ${(p) => p.theme.space.sm};
    padding: ${(p) => p.theme.space.xxs} 0;
  }
`;

const SearchRow = styled.div`
  display: flex;
  align-items: flex-end;
  gap: ${(p) => p.theme.space.xs};
  & > :first-child {
    flex: 1;
  }
`;

/** A named team lead: Zendesk's name (null when unknown), and whether Zendesk deleted them. */
type Person = NamedRef;

/**
 * Who counts as a team lead (admins): the account's custom roles picked by name, users named by
 * a search of the account's agents, and whether team leads see every group. The service checks
 * every entry with Zendesk and records each change in the audit list.
 */
export function AccessSettings() {
  const { t } = useI18n();
  const ces = useCes();
  const query = useQuery(() => getAccess(ces), 'access');
  return (
    <Section id="ces-settings-access" title={t('settings.access.title')}>
      <Muted>{t('settings.access.intro')}</Muted>
      <ResponseHandler query={query}>{(d) => <Editor initial={d} />}</ResponseHandler>
    </Section>
  );
}

function Editor({ initial }: { initial: AccessPolicyResponse }) {
  const { t } = useI18n();
  const ces = useCes();
  const [roles, setRoles] = useState<string[]>(initial.policy.teamLeadRoles);
  const [people, setPeople] = useState<Person[]>(initial.teamLeadUsers);
  const [seeAll, setSeeAll] = useState(initial.policy.teamLeadsSeeAllGroups);
  // The form then shows the policy as the service stored it.
  const save = useMutation((policy: AccessPolicy) => saveAccess(ces, policy), {
    onSuccess: (saved) => {
      setRoles(saved.policy.teamLeadRoles);
      setPeople(saved.teamLeadUsers);
      setSeeAll(saved.policy.teamLeadsSeeAllGroups);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.mutate({
      teamLeadRoles: roles,
      teamLeadUserIds: people.map((p) => p.id),
      teamLeadsSeeAllGroups: seeAll,
    });
  };

  return (
    <Form onSubmit={submit} noValidate aria-label={t('settings.access.title')}>
      <RolePicker selected={roles} onChange={setRoles} />
      <PeoplePicker people={people} onChange={setPeople} />
      <Fieldset>
        <Fieldset.Legend>{t('settings.access.scope.legend')}</Fieldset.Legend>
        <Field>
          <Radio
            name="ces-access-scope"
            value="own"
            checked={!seeAll}
            onChange={() => setSeeAll(false)}
          >
            <Field.Label isRegular>{t('settings.access.scope.own')}</Field.Label>
          </Radio>
        </Field>
        <Field>
          <Radio
            name="ces-access-scope"
            value="all"
            checked={seeAll}
            onChange={() => setSeeAll(true)}
          >
            <Field.Label isRegular>{t('settings.access.scope.all')}</Field.Label>
          </Radio>
        </Field>
      </Fieldset>
      {save.status === 'error' && save.error && (
        <Alert type="error" role="alert">
          <Alert.Title>{t('settings.access.failedTitle')}</Alert.Title>
          {t(saveErrorKey(save.error))}
        </Alert>
      )}
      {save.status === 'success' && (
        <Alert type="success" role="status">
          <Alert.Title>{t('settings.access.saved')}</Alert.Title>
          {t('settings.access.savedAudit')}
        </Alert>
      )}
      <div>
        <Button type="submit" isPrimary disabled={save.status === 'pending'}>
          {save.status === 'pending' ? t('settings.saving') : t('settings.access.save')}
        </Button>
      </div>
    </Form>
  );
}

/** The sentence for a refused save: what Zendesk does not know, else the usual ones. */
function saveErrorKey(error: RequestError): string {
  if (error.code === 'unknown_custom_role') return 'settings.access.errors.unknownRole';
  if (error.code === 'unknown_user') return 'settings.access.errors.unknownUser';
  if (error.code === 'zendesk_unavailable') return 'settings.access.errors.zendesk';
  return errorMessageKey(error);
}

/**
 * The account's custom roles, ticked when the policy names them (by name or id, as the service
 * matches). A stored entry Zendesk no longer lists stays shown, so it can be taken out.
 */
function RolePicker({
  selected,
  onChange,
}: {
  selected: readonly string[];
  onChange: (roles: string[]) => void;
}) {
  const { t, intlLocale } = useI18n();
  const ces = useCes();
  const query = useQuery(() => getCustomRoles(ces), 'custom-roles');
  const listed: CustomRoleOption[] = [...(query.data?.roles ?? [])].sort((a, b) =>
    new Intl.Collator(intlLocale).compare(a.name, b.name),
  );
  const unlisted =
    query.status === 'success'
      ? selected.filter((entry) => !listed.some((r) => namesCustomRole(entry, r)))
      : selected;
  const toggle = (role: CustomRoleOption, on: boolean) => {
    const others = selected.filter((entry) => !namesCustomRole(entry, role));
    // Picked by name, as Zendesk shows it: the audit list then reads as the admin chose.
    onChange(on ? [...others, role.name] : others);
  };
  return (
    <Fieldset>
      <Fieldset.Legend>{t('settings.access.roles.legend')}</Fieldset.Legend>
      <Field.Hint>{t('settings.access.roles.hint')}</Field.Hint>
      {query.status === 'loading' && query.data === undefined ? (
        <Field.Hint role="status">{t('settings.access.roles.loading')}</Field.Hint>
      ) : query.status === 'error' ? (
        <Alert type="warning" role="alert">
          {t('settings.access.roles.failed')}{' '}
          <Button size="small" onClick={query.refetch}>
            {t('common.actions.retry')}
          </Button>
        </Alert>
      ) : listed.length === 0 ? (
        <Field.Hint role="note">{t('settings.access.roles.none')}</Field.Hint>
      ) : null}
      {(listed.length > 0 || unlisted.length > 0) && (
        <CheckboxList>
          {listed.map((role) => (
            <Field key={role.id}>
              <Checkbox
                checked={selected.some((entry) => namesCustomRole(entry, role))}
                onChange={(e) => toggle(role, e.target.checked)}
              >
                <Field.Label isRegular>{role.name}</Field.Label>
                {role.description && <Field.Hint>{role.description}</Field.Hint>}
              </Checkbox>
            </Field>
          ))}
          {unlisted.map((entry) => (
            <Field key={`unlisted:${entry}`}>
              <Checkbox checked onChange={() => onChange(selected.filter((x) => x !== entry))}>
                <Field.Label isRegular>
                  {t('settings.access.roles.unlisted', { name: entry })}
                </Field.Label>
              </Checkbox>
            </Field>
          ))}
        </CheckboxList>
      )}
    </Fieldset>
  );
}

type Search =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'found'; users: AgentOption[] }
  | { kind: 'failed'; error: RequestError };

/** Users named as team leads: the current ones with Remove, and a search of the account's agents. */
function PeoplePicker({
  people,
  onChange,
}: {
  people: readonly Person[];
  onChange: (people: Person[]) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const ces = useCes();
  const [name, setName] = useState('');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  const label = (p: Person) => nameLabel(i18n, 'user', p);

  const run = async () => {
    const wanted = name.trim();
    if (wanted === '') return;
    setSearch({ kind: 'searching' });
    try {
      setSearch({ kind: 'found', users: (await searchAgents(ces, wanted)).users });
    } catch (failure) {
      setSearch({ kind: 'failed', error: toRequestError('ces', failure) });
    }
  };
  // Enter searches; it must not save the whole form half-edited.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void run();
  };

  return (
    <Fieldset>
      <Fieldset.Legend>{t('settings.access.users.legend')}</Fieldset.Legend>
      <Field.Hint>{t('settings.access.users.hint')}</Field.Hint>
      {people.length === 0 ? (
        <Field.Hint>{t('settings.access.users.none')}</Field.Hint>
      ) : (
        <People aria-label={t('settings.access.users.legend')}>
          {people.map((p) => (
            <li key={p.id}>
              <span>{label(p)}</span>
              <Button
                size="small"
                isBasic
                onClick={() => onChange(people.filter((x) => x.id !== p.id))}
              >
                {t('settings.access.users.remove', { name: label(p) })}
              </Button>
            </li>
          ))}
        </People>
      )}
      <SearchRow>
        <Field>
          <Field.Label>{t('settings.access.users.search')}</Field.Label>
          <Input
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </Field>
        <Button onClick={() => void run()} disabled={search.kind === 'searching'}>
          {t('settings.access.users.searchButton')}
        </Button>
      </SearchRow>
      <div aria-live="polite">
        {search.kind === 'searching' ? (
          <Field.Hint role="status">{t('common.loading')}</Field.Hint>
        ) : search.kind === 'failed' ? (
          <Alert type="warning" role="alert">
            {search.error.code === 'zendesk_unavailable'
              ? t('settings.access.errors.zendesk')
              : t(errorMessageKey(search.error))}
          </Alert>
        ) : search.kind === 'found' && search.users.length === 0 ? (
          <Field.Hint>{t('settings.access.users.noMatch')}</Field.Hint>
        ) : search.kind === 'found' ? (
          <People aria-label={t('settings.access.users.results')}>
            {search.users.map((u) => {
              const already = people.some((p) => p.id === u.id);
              return (
                <li key={u.id}>
                  <span>
                    {u.name}
                    {u.role === 'admin' ? ` (${t('settings.access.users.admin')})` : ''}
                  </span>
                  <Button
                    size="small"
                    disabled={already}
                    onClick={() =>
                      onChange([...people, { id: u.id, name: u.name, deleted: false }])
                    }
                  >
                    {already
                      ? t('settings.access.users.already')
                      : t('settings.access.users.add', { name: u.name })}
                  </Button>
                </li>
              );
            })}
          </People>
        ) : null}
      </div>
    </Fieldset>
  );
}
