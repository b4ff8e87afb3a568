export { ChargebackPage } from './ChargebackPage';
