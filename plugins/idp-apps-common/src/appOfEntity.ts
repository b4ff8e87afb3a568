import { APP_LABELS } from './labels';

const LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';

/** The parts of a catalog entity that say which Slipway app it is (structural, so no catalog-model dependency). */
export interface EntityLike {
  kind: string;
  metadata: { annotations?: Record<string, string> };
}

/**
 * The team and app of a Component Slipway registered for a deployed app. The catalog module
 * (catalog-backend-module-idp-environments, appEntity.ts) writes them into the Kubernetes label
 * selector: `slipway.dev/team=team-a,slipway.dev/app=web` (appLabelSelector); other components have none.
 */
export function appOfEntity(entity: EntityLike): { team: string; app: string } | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return undefined;
  const selector = entity.metadata.annotations?.[LABEL_SELECTOR];
  if (!selector) return undefined;
  const labels = new Map<string, string>();
  for (const term of selector.split(',')) {
    const match = /^\s*([^=!\s]+)\s*==?\s*([^=\s]*)\s*$/.exec(term);
    if (match) labels.set(match[1], match[2]);
  }
  const team = labels.get(APP_LABELS.team);
  const app = labels.get(APP_LABELS.app);
  return team && app ? { team, app } : undefined;
}

export const isSlipwayApp = (entity: EntityLike) => appOfEntity(entity) !== undefined;
