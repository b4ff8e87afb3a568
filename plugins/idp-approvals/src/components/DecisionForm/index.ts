export { DecisionForm } from './DecisionForm';
