export { ScaleDialog } from './ScaleDialog';
export type { ScaleDialogProps } from './ScaleDialog';
