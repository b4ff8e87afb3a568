import { useApi } from '@backstage/frontend-plugin-api';
import { parseManifestsYaml, requestedResources } from '@internal/plugin-idp-apps-common';
import { PriceSheet, formatMoney, formatMonthlyRange, monthlyCostOf, monthlyCostRange } from '@internal/plugin-idp-costs-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { appsApiRef } from '../api/AppsApi';

/** The words for what the manifests cost at the prices: `≈ USD 12.40 / month` (a range with an autoscaler), and per run for CronJobs. */
export function costOfManifests(yaml: string, prices: PriceSheet): string | undefined {
  const parsed = parseManifestsYaml(yaml);
  if (!parsed.success) return undefined;
  const workloads = requestedResources(parsed.manifests);
  if (workloads.length === 0) return undefined;
  const parts: string[] = [];
  const running = workloads.filter(w => !w.perRun);
  if (running.length) {
    const range = running
      .map(w => monthlyCostRange(w.perReplica, w.replicas, prices))
      .reduce((sum, r) => ({ min: sum.min + r.min, max: sum.max + r.max }), { min: 0, max: 0 });
    parts.push(`≈ ${formatMonthlyRange(range, prices.currency)}`);
  }
  for (const w of workloads.filter(job => job.perRun)) {
    // A month of the pod's requests over the hours of a month is an hour's cost; runs are rarely longer.
    const perHour = (monthlyCostOf(w.perReplica, prices) * w.replicas.max) / 730;
    parts.push(`${w.object}: ≈ ${formatMoney(perHour, prices.currency)} per hour of each run`);
  }
  return parts.join(' · ');
}

/** The monthly cost of what the form chooses, from the rendered manifests and today's prices; updated with the preview. */
export function AppCostLine({ manifests }: { manifests: string }) {
  const appsApi = useApi(appsApiRef);
  const prices = useAsync(() => appsApi.getPriceSheet(), [appsApi]);
  const text = useMemo(() => (prices.value ? costOfManifests(manifests, prices.value) : undefined), [manifests, prices.value]);
  if (prices.loading) return null;
  if (prices.error || !prices.value) {
    return (
      <Typography variant="body2" color="textSecondary">
        Cost: unknown, the costs service did not answer ({prices.error?.message ?? 'no prices'}).
      </Typography>
    );
  }
  if (!text) return null;
  return (
    <Typography variant="body2" aria-label="Estimated cost">
      <strong>Cost:</strong> {text} (requests × today&apos;s prices; usage above the requests costs more)
    </Typography>
  );
}
