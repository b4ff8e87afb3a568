export { ExtendEnvironmentDialog, type ExtendEnvironmentDialogProps } from './ExtendEnvironmentDialog';
