export { GuardRailVerdict } from './GuardRailVerdict';
