export { EditQuotaDialog } from './EditQuotaDialog';
export type { EditQuotaDialogProps } from './EditQuotaDialog';
