export { DeleteSecretDialog, type DeleteSecretDialogProps } from './DeleteSecretDialog';
