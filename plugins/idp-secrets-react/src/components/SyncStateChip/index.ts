export { SyncStateChip } from './SyncStateChip';
