import { Route, Routes } from 'react-router-dom';
import { ChargebackPage } from '../ChargebackPage';
import { CostsHome } from '../CostsHome';
import { PriceSheetPage } from '../PriceSheetPage';
import { TeamCostsPage } from '../TeamCostsPage';

/** The /costs page: the caller's team (or every team) at the root, a team's showback and chargeback, the prices. */
export function CostsPage() {
  return (
    <Routes>
      <Route path="/" element={<CostsHome />} />
      <Route path="prices" element={<PriceSheetPage />} />
      <Route path="teams/:team">
        <Route index element={<TeamCostsPage />} />
        <Route path="chargeback/:month" element={<ChargebackPage />} />
      </Route>
    </Routes>
  );
}
