import { StructuredMetadataTable } from '@backstage/core-components';
import type { ResourceDelta } from '@internal/plugin-idp-approvals-common';
import { resourceDeltaTexts } from '../../lib/format';

/** How much more (or less) CPU, memory and replicas production runs once the request is applied. */
export function ResourceDeltaTable({ delta }: { delta: ResourceDelta }) {
  const texts = resourceDeltaTexts(delta);
  return <StructuredMetadataTable metadata={{ CPU: texts.cpu, memory: texts.memory, replicas: texts.replicas }} />;
}
