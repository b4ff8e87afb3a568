export { QuotaSummary } from './QuotaSummary';
