export { GenerateSecretDialog, type GenerateSecretDialogProps } from './GenerateSecretDialog';
