import { Checkbox, Field } from '@zendeskgarden/react-forms';
import { useState } from 'react';
import styled from 'styled-components';
import type { DigestResponse } from '../../shared/digest.js';
import { getDigest, saveDigest } from '../api/ces.js';
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
  const [saved, setSaved] = useState<DigestResponse | null>(null);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);

  const toggle = async (enabled: boolean) => {
    setSaving(true);
    setFailed(false);
    try {
      setSaved(await saveDigest(ces, { enabled, locale }));
    } catch {
      setFailed(true);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Section id="ces-team-digest" title={t('digest.heading')}>
      <ResponseHandler query={digest}>
        {(loaded) => {
          const current = saved ?? loaded;
          return (
            <>
              <Muted style={{ marginTop: 0 }}>{t('digest.hint')}</Muted>
              <Field>
                <Checkbox
                  checked={current.enabled}
                  disabled={saving}
                  onChange={(e) => void toggle(e.target.checked)}
                >
                  <Field.Label>{t('digest.toggle')}</Field.Label>
                </Checkbox>
              </Field>
              {saved && !failed && <Muted role="status">{t('digest.saved')}</Muted>}
              {failed && <Muted role="alert">{t('common.errors.title')}</Muted>}
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
