import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AppCostView,
  BillingExportFormat,
  BillingImportView,
  BillingImportsView,
  ChargebackMonthsView,
  ChargebackReport,
  EnvironmentRunRatesView,
  PlatformShowbackView,
  PriceSheetView,
  ShowbackGrouping,
  TeamShowbackView,
  currentPriceSheet,
} from '@internal/plugin-idp-costs-common';
import { CostWindow, CostsApi } from './CostsApi';

const enc = encodeURIComponent;

/** `?from=…&to=…` with only the parameters given. */
function query(params: Record<string, string | number | undefined>): string {
  const given = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  return given.length ? `?${new URLSearchParams(given.map(([key, value]) => [key, String(value)]))}` : '';
}

export class CostsClient implements CostsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPriceSheet(): Promise<PriceSheetView> {
    const body = await this.json<unknown>(await this.call('GET', '/price-sheet'));
    if (typeof body === 'object' && body !== null && 'periods' in body) return body as PriceSheetView;
    // Backends before price periods answered the sheet itself.
    const current = currentPriceSheet(body);
    if (!current) throw new Error('The costs backend answered /price-sheet without prices; check that idp-costs-backend runs a matching version');
    return { current, periods: [] };
  }

  async getTeamShowback(team: string, options: CostWindow & { by?: ShowbackGrouping } = {}): Promise<TeamShowbackView> {
    return this.json(await this.call('GET', `/teams/${enc(team)}/showback${query({ ...options })}`));
  }

  async getPlatformShowback(options: CostWindow = {}): Promise<PlatformShowbackView> {
    return this.json(await this.call('GET', `/showback${query({ ...options })}`));
  }

  async getAppCost(team: string, app: string, days?: number): Promise<AppCostView> {
    return this.json(await this.call('GET', `/apps/${enc(team)}/${enc(app)}${query({ days })}`));
  }

  async getEnvironmentRunRates(): Promise<EnvironmentRunRatesView> {
    return this.json(await this.call('GET', '/environments/run-rates'));
  }

  async listChargebackMonths(team: string): Promise<ChargebackMonthsView> {
    return this.json(await this.call('GET', `/teams/${enc(team)}/chargeback`));
  }

  async getChargeback(team: string, month: string): Promise<ChargebackReport> {
    return this.json(await this.call('GET', `/teams/${enc(team)}/chargeback/${enc(month)}`));
  }

  async getChargebackCsv(team: string, month: string): Promise<Blob> {
    return (await this.call('GET', `/teams/${enc(team)}/chargeback/${enc(month)}?format=csv`)).blob();
  }

  async listBillingImports(): Promise<BillingImportView[]> {
    return (await this.json<BillingImportsView>(await this.call('GET', '/price-imports'))).items;
  }

  async importBillingExport(format: BillingExportFormat, file: Blob, fileName: string): Promise<BillingImportView> {
    const headers = { 'content-type': 'application/octet-stream' };
    return this.json(await this.call('POST', `/price-imports${query({ format, fileName })}`, { headers, body: file }));
  }

  async applyBillingImport(id: string, effectiveFrom: string): Promise<BillingImportView> {
    const body = JSON.stringify({ effectiveFrom });
    return this.json(await this.call('POST', `/price-imports/${enc(id)}/apply`, { headers: { 'content-type': 'application/json' }, body }));
  }

  /** One request; a non-2xx answer becomes a ResponseError. */
  private async call(method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}): Promise<Response> {
    const response = await this.fetchApi.fetch(`${await this.discoveryApi.getBaseUrl('idp-costs')}${path}`, { method, ...init });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  private async json<T>(response: Response): Promise<T> {
    return (await response.json()) as T;
  }
}
