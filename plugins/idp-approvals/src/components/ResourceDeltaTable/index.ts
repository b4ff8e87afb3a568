export { ResourceDeltaTable } from './ResourceDeltaTable';
