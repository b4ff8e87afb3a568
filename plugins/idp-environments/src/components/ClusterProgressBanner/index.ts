export { ClusterNotReady, ClusterProgressBanner } from './ClusterProgressBanner';
