import { Environment } from '../../api/types';
import { CloneEnvironmentDialog } from '../CloneEnvironmentDialog';
import { DeleteEnvironmentDialog } from '../DeleteEnvironmentDialog';
import { ExtendEnvironmentDialog } from '../ExtendEnvironmentDialog';

/** What the user asked to do with one environment. */
export type EnvironmentAction = { kind: 'extend' | 'clone' | 'delete'; environment: Environment };

export interface EnvironmentActionDialogsProps {
  action?: EnvironmentAction;
  onClose: () => void;
  /** Called after the action succeeded (and, for a clone, after its report was closed). */
  onDone: (action: EnvironmentAction) => void;
}

/** The dialog for the chosen action on an environment, if any; shared by the list and the detail page. */
export function EnvironmentActionDialogs({ action, onClose, onDone }: EnvironmentActionDialogsProps) {
  if (!action) return null;
  const done = () => onDone(action);
  switch (action.kind) {
    case 'extend':
      return <ExtendEnvironmentDialog environment={action.environment} onClose={onClose} onExtended={done} />;
    case 'clone':
      return <CloneEnvironmentDialog source={action.environment} onClose={onClose} onCloned={done} />;
    case 'delete':
      return <DeleteEnvironmentDialog environment={action.environment} onClose={onClose} onDeleted={done} />;
    default:
      return null;
  }
}
