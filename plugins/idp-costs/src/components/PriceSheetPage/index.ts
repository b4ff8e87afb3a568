export { PriceSheetPage } from './PriceSheetPage';
