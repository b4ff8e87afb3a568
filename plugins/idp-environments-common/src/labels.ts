/** Labels Slipway puts on every object it manages; selectors and the janitor rely on them. */
export const ENVIRONMENT_LABELS = {
  team: 'slipway.dev/team',
  environment: 'slipway.dev/environment',
  type: 'slipway.dev/type',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** Annotations on an environment's Namespace: the state Slipway keeps there instead of a database. */
export const ENVIRONMENT_ANNOTATIONS = {
  owner: 'slipway.dev/owner',
  createdAt: 'slipway.dev/created-at',
  expiresAt: 'slipway.dev/expires-at',
  lastActivity: 'slipway.dev/last-activity',
  protected: 'slipway.dev/protected',
  clonedFrom: 'slipway.dev/cloned-from',
  previewRepository: 'slipway.dev/preview-repository',
  previewPullRequest: 'slipway.dev/preview-pull-request',
  /** Service types the environment's type allows, comma-separated; read by the admission policy. */
  serviceTypes: 'slipway.dev/service-types',
} as const;

/** Value of the managed-by label: objects without it are never read or touched as environments. */
export const MANAGED_BY = 'slipway';
