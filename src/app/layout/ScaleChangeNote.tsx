import type { ScaleInPeriod } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { Muted } from './Section.js';

/**
 * Says that a period spans a scale change (the scales in the order they were used) and how the
 * figures combine; nothing when the period is on one scale. Shared by the team page and sidebar.
 */
export function ScaleChangeNote({ scales }: { scales: readonly ScaleInPeriod[] }) {
  const { t } = useI18n();
  if (scales.length < 2) return null;
  const names = scales.map((s) => t(`common.scaleNames.${s.scaleId}`)).join(' → ');
  return (
    <Muted role="note" data-testid="scale-change-note">
      {t('common.scaleChange.note', { scales: names })}
    </Muted>
  );
}
