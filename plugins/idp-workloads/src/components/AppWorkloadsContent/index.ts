export { AppWorkloadsContent } from './AppWorkloadsContent';
