export { CostsError, NoCostData } from './CostsStates';
