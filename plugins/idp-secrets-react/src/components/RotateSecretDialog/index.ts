export { RotateSecretDialog, type RotateSecretDialogProps } from './RotateSecretDialog';
