export { approvalsPlugin as default } from './plugin';
