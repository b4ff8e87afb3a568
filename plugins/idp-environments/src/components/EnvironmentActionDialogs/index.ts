export { EnvironmentActionDialogs, type EnvironmentAction, type EnvironmentActionDialogsProps } from './EnvironmentActionDialogs';
