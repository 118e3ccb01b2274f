import { Component, type ReactNode } from 'react';
import { Alert } from '@zendeskgarden/react-notifications';
import { MissingTranslationError } from '../../shared/i18n.js';
import { useI18n } from '../i18n/I18nProvider.js';

interface Props {
  /** Tests: a missing translation is a failure, not something to paper over. */
  strict: boolean;
  children: ReactNode;
}

/** A bug in one location shows a sentence instead of an empty iframe. */
export class CrashGuard extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error && this.props.strict && error instanceof MissingTranslationError) throw error;
    return error ? <Crashed /> : this.props.children;
  }
}

function Crashed() {
  const { t } = useI18n();
  return (
    <Alert type="error" role="alert">
      <Alert.Title>{t('common.errors.title')}</Alert.Title>
      {t('common.errors.unexpected')}
    </Alert>
  );
}
