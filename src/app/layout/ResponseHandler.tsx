import type { ReactNode } from 'react';
import styled from 'styled-components';
import { Alert } from '@zendeskgarden/react-notifications';
import { Button } from '@zendeskgarden/react-buttons';
import { Dots } from '@zendeskgarden/react-loaders';
import { errorMessageKey } from '../api/request-error.js';
import type { Query } from '../data/useQuery.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { VisuallyHidden } from './VisuallyHidden.js';
import { hue } from './colors.js';

interface Props<T> {
  query: Query<T>;
  /** True when the data has nothing to show; then `empty` is rendered instead of children. */
  isEmpty?: (data: T) => boolean;
  /** What the empty state says, including what the user can do next. */
  empty?: ReactNode;
  /** Why this view is not the user's to see (a 403), instead of the general sentence. */
  forbidden?: ReactNode;
  children: (data: T) => ReactNode;
}

const Loading = styled.div`
  display: flex;
  justify-content: center;
  padding: ${(p) => p.theme.space.sm} 0;
  color: ${hue('grey', 600)};
`;

const Empty = styled.p`
  margin: 0;
  color: ${hue('grey', 700)};
`;

/** Renders loading, error and empty states the same way everywhere; data goes to children. */
export function ResponseHandler<T>({ query, isEmpty, empty, forbidden, children }: Props<T>) {
  const { t } = useI18n();
  const { data, error, status, refetch } = query;
  // Asking again would not change who the user is: say why, with no retry.
  if (status === 'error' && error?.status === 403 && error.target === 'ces' && forbidden) {
    return (
      <Alert type="warning" role="alert">
        <Alert.Title>{t('roles.notYours')}</Alert.Title>
        <Alert.Paragraph>{forbidden}</Alert.Paragraph>
      </Alert>
    );
  }
  if (status === 'error' && error) {
    return (
      <Alert type="error" role="alert">
        <Alert.Title>{t('common.errors.title')}</Alert.Title>
        <Alert.Paragraph>{t(errorMessageKey(error))}</Alert.Paragraph>
        <Button size="small" onClick={refetch}>
          {t('common.actions.retry')}
        </Button>
      </Alert>
    );
  }
  // While refreshing, keep showing what we had instead of flashing a spinner.
  if (data === undefined) {
    return (
      <Loading role="status" aria-live="polite">
        <Dots size={24} aria-hidden />
        <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
      </Loading>
    );
  }
  if (isEmpty?.(data)) return <Empty>{empty}</Empty>;
  return <div aria-busy={status === 'loading'}>{children(data)}</div>;
}
