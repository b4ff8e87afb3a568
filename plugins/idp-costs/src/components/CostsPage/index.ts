export { CostsPage } from './CostsPage';
