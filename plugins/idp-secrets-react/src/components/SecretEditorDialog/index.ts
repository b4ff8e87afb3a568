export { SecretEditorDialog, type SecretEditorDialogProps } from './SecretEditorDialog';
