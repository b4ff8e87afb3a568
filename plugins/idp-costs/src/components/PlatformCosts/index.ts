export { PlatformCosts } from './PlatformCosts';
