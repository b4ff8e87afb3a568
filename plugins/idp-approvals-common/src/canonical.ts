import { KubernetesManifest } from '@internal/plugin-idp-environments-common';

/**
 * The canonical form of manifests, whose sha256 is a deploy request's digest: two renderings that
 * Kubernetes would apply the same way (key order, empty maps and lists, undefined) give one text.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The value with keys sorted recursively and undefined, empty maps and empty lists dropped; undefined when nothing is left. */
export function canonicalValue(value: unknown): Json | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(item => canonicalValue(item) ?? null);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .flatMap(key => {
        const item = canonicalValue((value as Record<string, unknown>)[key]);
        return item === undefined ? [] : [[key, item] as const];
      });
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value as Json;
}

/** kind/namespace/name: how manifests are ordered and matched. */
export function manifestKey(manifest: Pick<KubernetesManifest, 'kind' | 'metadata'>): string {
  return `${manifest.kind}/${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name ?? ''}`;
}

// Code-unit order, not the locale's: every runtime sorts the same way.
const byKey = (a: KubernetesManifest, b: KubernetesManifest) => {
  const [x, y] = [manifestKey(a), manifestKey(b)];
  if (x === y) return 0;
  return x < y ? -1 : 1;
};

/** The manifests' canonical JSON text: objects sorted by kind/namespace/name, each in canonical form. */
export function canonicalManifests(manifests: readonly KubernetesManifest[]): string {
  return JSON.stringify([...manifests].sort(byKey).map(m => canonicalValue(m) ?? {}));
}
