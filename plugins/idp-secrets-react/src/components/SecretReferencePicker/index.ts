export { SecretReferencePicker, type SecretReferencePickerProps } from './SecretReferencePicker';
