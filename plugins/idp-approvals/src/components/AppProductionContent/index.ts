export { AppProductionContent } from './AppProductionContent';
