export { RollbackForm } from './RollbackForm';
