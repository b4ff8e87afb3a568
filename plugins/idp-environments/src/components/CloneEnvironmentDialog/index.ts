export { CloneEnvironmentDialog, type CloneEnvironmentDialogProps } from './CloneEnvironmentDialog';
