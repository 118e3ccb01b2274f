import { Checkbox, Field } from '@zendeskgarden/react-forms';
import styled from 'styled-components';
import { getDigest, saveDigest } from '../api/ces.js';
import { useMutation } from '../data/useMutation.js';
import { useQuery } from '../data/useQuery.js';
import { useCes } from '../frame/AppFrame.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { hue } from '../layout/colors.js';
import { ResponseHandler } from '../layout/ResponseHandler.js';
import { Muted, Section } from '../layout/Section.js';

const Preview = styled.pre`
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-family: inherit;
  margin: 0;
  padding: ${(p) => p.theme.space.sm};
  border: ${(p) => p.theme.borders.sm} ${hue('grey', 300)};
  border-radius: ${(p) => p.theme.borderRadii.md};
`;

/**
 * The team lead's own weekly digest: a switch only they set for themself (in the app's language,
 * for the groups they see now) and a preview of last week's, as the chat message says it.
 */
export function DigestSettings() {
  const { t, locale } = useI18n();
  const ces = useCes();
  const digest = useQuery(() => getDigest(ces, locale), `digest:${locale}`);
  const save = useMutation((enabled: boolean) => saveDigest(ces, { enabled, locale }));

  return (
    <Section id="ces-team-digest" title={t('digest.heading')}>
      <ResponseHandler query={digest}>
        {(loaded) => {
          const current = save.data ?? loaded;
          return (
            <>
              <Muted style={{ marginTop: 0 }}>{t('digest.hint')}</Muted>
              <Field>
                <Checkbox
                  checked={current.enabled}
                  disabled={save.status === 'pending'}
                  onChange={(e) => void save.mutate(e.target.checked)}
                >
                  <Field.Label>{t('digest.toggle')}</Field.Label>
                </Checkbox>
              </Field>
              {save.status === 'success' && <Muted role="status">{t('digest.saved')}</Muted>}
              {save.status === 'error' && <Muted role="alert">{t('common.errors.title')}</Muted>}
              {current.delivery === 'off' && <Muted role="note">{t('digest.off')}</Muted>}
              <Muted>{t('digest.preview')}</Muted>
              <Preview aria-label={t('digest.preview')}>{current.lines.join('\n')}</Preview>
            </>
          );
        }}
      </ResponseHandler>
    </Section>
  );
}
