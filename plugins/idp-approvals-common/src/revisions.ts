import { KubernetesManifest } from '@internal/plugin-idp-environments-common';

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The pod spec of a workload: under `spec.template` for controllers, `spec.jobTemplate` for CronJobs, `spec` for a bare Pod. */
function podSpecOf(manifest: KubernetesManifest): Fields | undefined {
  const spec = fields(manifest.spec);
  if (manifest.kind === 'Pod') return spec;
  if (manifest.kind === 'CronJob') return fields(fields(fields(fields(spec.jobTemplate).spec).template).spec);
  return spec.template ? fields(fields(spec.template).spec) : undefined;
}

/** The images a revision runs: of every container (init ones included) of its workloads, in order, once each. */
export function manifestImages(manifests: readonly KubernetesManifest[]): string[] {
  const images = new Set<string>();
  for (const manifest of manifests) {
    const pod = podSpecOf(manifest);
    if (!pod) continue;
    for (const container of [...list(pod.initContainers), ...list(pod.containers)]) {
      const image = fields(container).image;
      if (typeof image === 'string') images.add(image);
    }
  }
  return [...images];
}
