export { ObjectDiffList } from './ObjectDiffList';
