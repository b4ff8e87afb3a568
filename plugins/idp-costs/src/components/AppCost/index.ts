export { AppCost } from './AppCost';
