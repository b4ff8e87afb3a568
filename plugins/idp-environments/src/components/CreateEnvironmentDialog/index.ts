export { CreateEnvironmentDialog, type CreateEnvironmentDialogProps } from './CreateEnvironmentDialog';
