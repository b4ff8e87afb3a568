export { RotationHistoryDialog, type RotationHistoryDialogProps } from './RotationHistoryDialog';
