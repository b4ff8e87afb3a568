export { EnvironmentPicker, type EnvironmentPickerProps } from './EnvironmentPicker';
