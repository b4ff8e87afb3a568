export { DeleteEnvironmentDialog, type DeleteEnvironmentDialogProps } from './DeleteEnvironmentDialog';
