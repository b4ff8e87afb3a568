import { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { DiffLine, ObjectDiff } from './api';
import { canonicalValue, manifestKey } from './canonical';

// Written by the API server, never by a deploy: a diff that showed them would show noise.
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/**
 * The live object reduced to what the desired one says: the server's fields and Kubernetes'
 * defaults (fields the desired object does not set) are left out, so only real changes show.
 * List items are matched by `name` when they have one, else by position.
 */
export function comparableLive(live: unknown, desired: unknown): unknown {
  if (Array.isArray(live) && Array.isArray(desired)) {
    const named = desired.every(item => item && typeof item === 'object' && 'name' in item);
    return desired.flatMap((item, index) => {
      const match = named ? live.find(l => l && typeof l === 'object' && l.name === item.name) : live[index];
      return match === undefined ? [] : [comparableLive(match, item)];
    });
  }
  if (live && desired && typeof live === 'object' && typeof desired === 'object' && !Array.isArray(live) && !Array.isArray(desired)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(desired)) {
      if (key in (live as object)) out[key] = comparableLive((live as Record<string, unknown>)[key], (desired as Record<string, unknown>)[key]);
    }
    return out;
  }
  return live;
}

/** Status and the server's metadata removed: what an object's diff is about. */
function withoutServerFields(manifest: KubernetesManifest): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = manifest as KubernetesManifest & { status?: unknown };
  const kept = Object.fromEntries(Object.entries(metadata ?? {}).filter(([key]) => !SERVER_METADATA.includes(key)));
  return { ...rest, metadata: kept };
}

const scalar = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A small, stable YAML rendering of a canonical value: one line per scalar, for line diffs. */
export function canonicalYaml(value: unknown, indent = ''): string[] {
  const v = canonicalValue(value);
  if (v === undefined) return [];
  if (Array.isArray(v)) {
    return v.flatMap(item => {
      const lines = item !== null && typeof item === 'object' ? canonicalYaml(item, `${indent}  `) : [`${indent}  ${scalar(item)}`];
      return [`${indent}- ${lines[0].trimStart()}`, ...lines.slice(1)];
    });
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).flatMap(([key, item]) =>
      item !== null && typeof item === 'object' ? [`${indent}${key}:`, ...canonicalYaml(item, `${indent}  `)] : [`${indent}${key}: ${scalar(item)}`],
    );
  }
  return [`${indent}${scalar(v)}`];
}

/** A line diff by longest common subsequence; the objects are small. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) common[i][j] = before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      lines.push({ op: ' ', text: before[i++] });
      j++;
    } else if (i < n && (j === m || common[i + 1][j] >= common[i][j + 1])) lines.push({ op: '-', text: before[i++] });
    else lines.push({ op: '+', text: after[j++] });
  }
  return lines;
}

/**
 * Per object, what applying `desired` changes in `live` (the objects as read from the cluster):
 * added, changed or unchanged for every desired object, removed for live ones it no longer has.
 */
export function diffManifests(live: readonly KubernetesManifest[], desired: readonly KubernetesManifest[]): ObjectDiff[] {
  const liveByKey = new Map(live.map(m => [manifestKey(m), m]));
  const desiredKeys = new Set(desired.map(manifestKey));
  const diffs: ObjectDiff[] = desired.map(want => {
    const wanted = withoutServerFields(want);
    const after = canonicalYaml(wanted);
    const found = liveByKey.get(manifestKey(want));
    const name = want.metadata.name;
    if (!found) return { kind: want.kind, name, change: 'added', lines: after.map(text => ({ op: '+', text })) };
    const lines = diffLines(canonicalYaml(comparableLive(withoutServerFields(found), wanted)), after);
    return { kind: want.kind, name, change: lines.some(l => l.op !== ' ') ? 'changed' : 'unchanged', lines };
  });
  for (const gone of live.filter(m => !desiredKeys.has(manifestKey(m)))) {
    const lines = canonicalYaml(withoutServerFields(gone)).map((text): DiffLine => ({ op: '-', text }));
    diffs.push({ kind: gone.kind, name: gone.metadata.name, change: 'removed', lines });
  }
  return diffs;
}
