export { AppCostContent } from './AppCostContent';
