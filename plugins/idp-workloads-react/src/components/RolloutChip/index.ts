export { RolloutChip } from './RolloutChip';
