import { useRef, useState, type ReactNode } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Well } from '@zendeskgarden/react-notifications';
import { useMutation, type Mutation } from '../data/useMutation.js';
import { useI18n } from '../i18n/I18nProvider.js';

const Actions = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.xs};
  margin-top: ${(p) => p.theme.space.xs};
`;

const Block = styled.div`
  margin-top: ${(p) => p.theme.space.sm};
`;

/** Where a confirmed action stands: idle, or its result or its failure once it has run. */
export type Outcome<T> = Pick<Mutation<void, T>, 'status' | 'data' | 'error'>;

/**
 * A sidebar button whose action runs only after a confirm step (the sidebar's "send now" and
 * "erase"): keyboard focus moves to the confirm button and back to the trigger on cancel, both
 * buttons are disabled while it runs, and `outcome` renders the result or the failure above the
 * button.
 */
export function ConfirmedAction<T>({
  id,
  label,
  confirm,
  yes,
  running,
  danger = false,
  run,
  onDone,
  outcome,
}: {
  /** The element id of the confirm text (the confirm group is labelled by it). */
  id: string;
  label: string;
  confirm: string;
  yes: string;
  running: string;
  danger?: boolean;
  run: () => Promise<T>;
  onDone?: (result: T) => void;
  outcome: (state: Outcome<T>) => ReactNode;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const action = useMutation(run, { onSuccess: onDone });
  const trigger = useRef<HTMLButtonElement>(null);

  // The confirm step stays on screen while the action is pending (busy below), then gives way.
  const go = () => {
    setConfirming(false);
    void action.mutate();
  };

  const cancel = () => {
    setConfirming(false);
    // Give keyboard users their place back.
    requestAnimationFrame(() => trigger.current?.focus());
  };

  const busy = action.status === 'pending';
  if (confirming || busy) {
    return (
      <Block>
        <Well isRecessed role="group" aria-labelledby={id}>
          <p id={id} style={{ margin: 0 }}>
            {confirm}
          </p>
          <Actions>
            <Button size="small" isDanger={danger} isPrimary autoFocus disabled={busy} onClick={go}>
              {busy ? running : yes}
            </Button>
            <Button size="small" disabled={busy} onClick={cancel}>
              {t('common.actions.cancel')}
            </Button>
          </Actions>
        </Well>
      </Block>
    );
  }

  return (
    <Block>
      {outcome(action)}
      <Actions>
        <Button
          size="small"
          isDanger={danger}
          ref={trigger}
          onClick={() => {
            // A new confirm step: the last run's verdict no longer applies.
            action.reset();
            setConfirming(true);
          }}
        >
          {label}
        </Button>
      </Actions>
    </Block>
  );
}
