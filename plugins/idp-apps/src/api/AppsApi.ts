import { createApiRef } from '@backstage/frontend-plugin-api';
import { AppPreview, AppPreviewRequest, AppSpec, ScoreImportRequest } from '@internal/plugin-idp-apps-common';
import type { PriceSheet } from '@internal/plugin-idp-costs-common';

/** The apps backend, as the frontend sees it. Failures reject with a `ResponseError`. */
export interface AppsApi {
  /** What the app would become in the environment: manifests and guard rails, or field errors. */
  preview(request: AppPreviewRequest, options?: { signal?: AbortSignal }): Promise<AppPreview>;
  /** A score.yaml turned into an app spec, with notes on what came from the golden path. */
  importScore(request: ScoreImportRequest): Promise<{ spec: AppSpec; notes: string[] }>;
  /** Today's prices from the costs backend (`GET /api/idp-costs/price-sheet`), for the cost of what the form chooses. */
  getPriceSheet(): Promise<PriceSheet>;
}

export const appsApiRef = createApiRef<AppsApi>({ id: 'plugin.idp-apps.api' });
