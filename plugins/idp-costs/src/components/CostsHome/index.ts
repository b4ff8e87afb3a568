export { CostsHome } from './CostsHome';
