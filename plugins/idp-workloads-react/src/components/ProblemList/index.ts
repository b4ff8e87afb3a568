export { ProblemList } from './ProblemList';
