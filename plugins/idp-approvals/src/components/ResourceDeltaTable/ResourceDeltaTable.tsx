import { StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ResourceDelta } from '@internal/plugin-idp-approvals-common';
import { formatMoneyDelta, monthlyCostOf } from '@internal/plugin-idp-costs-common';
import useAsync from 'react-use/esm/useAsync';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { resourceDeltaTexts } from '../../lib/format';

/** What the change costs per month at today's prices: `+ USD 12.40 / month`; in words when the prices cannot be read. */
function useMonthlyCostDelta(delta: ResourceDelta): string {
  const approvalsApi = useApi(approvalsApiRef);
  const prices = useAsync(() => approvalsApi.getPriceSheet(), [approvalsApi]);
  if (prices.loading) return '…';
  if (!prices.value) return `unknown: the costs service did not answer (${prices.error?.message ?? 'no prices'})`;
  const amount = monthlyCostOf({ cpuMillicores: delta.cpuMillicores, memoryBytes: delta.memoryBytes }, prices.value);
  return `${formatMoneyDelta(amount, prices.value.currency)} / month`;
}

/** How much more (or less) CPU, memory, replicas and money production runs once the request is applied. */
export function ResourceDeltaTable({ delta }: { delta: ResourceDelta }) {
  const texts = resourceDeltaTexts(delta);
  const cost = useMonthlyCostDelta(delta);
  return <StructuredMetadataTable metadata={{ CPU: texts.cpu, memory: texts.memory, replicas: texts.replicas, 'cost per month': cost }} />;
}
