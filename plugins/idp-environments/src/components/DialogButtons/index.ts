export { DialogButtons } from './DialogButtons';
