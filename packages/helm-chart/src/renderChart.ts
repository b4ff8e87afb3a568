import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHART_DIR, CHART_VALUE_SETS_DIR, runTool } from './helmTools';

/** The value sets the chart's tests render, lint, validate and install (files in deploy/slipway/ci). */
export const VALUE_SETS = ['minimal', 'ha-ingress-tls', 'external-postgresql', 'oidc-existing-secret', 'custom-resources'] as const;
export type ValueSet = (typeof VALUE_SETS)[number];

export const valueSetFile = (set: ValueSet) => resolve(CHART_VALUE_SETS_DIR, `${set}-values.yaml`);

export interface RenderedChart {
  yaml: string;
  objects: any[];
}

/** `helm template` of the chart with a value set (and `--set` overrides), as text and as objects. */
export async function renderChart(
  helm: string,
  options: { set?: ValueSet; release?: string; namespace?: string; overrides?: string[] },
): Promise<RenderedChart> {
  const args = ['template', options.release ?? 'slipway', CHART_DIR, '--namespace', options.namespace ?? 'slipway-system'];
  if (options.set) args.push('--values', valueSetFile(options.set));
  for (const o of options.overrides ?? []) args.push('--set', o);
  const { stdout } = await runTool(helm, args);
  const objects = parseAllDocuments(stdout)
    .map(doc => doc.toJS())
    .filter(o => o && typeof o === 'object');
  return { yaml: stdout, objects };
}

export const find = (objects: any[], kind: string, name?: string) => objects.filter(o => o.kind === kind && (name === undefined || o.metadata.name === name));
