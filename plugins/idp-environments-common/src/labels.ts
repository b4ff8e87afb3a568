/**
 * The prefix of every label and annotation key Slipway owns. Kept in one place: selectors, the
 * janitor, the admission policies and the catalog all find Slipway's objects by these keys.
 */
export const SLIPWAY_LABEL_PREFIX = 'slipway.dev/';

/** Labels Slipway puts on every object it manages; selectors and the janitor rely on them. */
export const ENVIRONMENT_LABELS = {
  team: `${SLIPWAY_LABEL_PREFIX}team`,
  environment: `${SLIPWAY_LABEL_PREFIX}environment`,
  type: `${SLIPWAY_LABEL_PREFIX}type`,
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** Annotations on an environment's Namespace: the state Slipway keeps there instead of a database. */
export const ENVIRONMENT_ANNOTATIONS = {
  owner: `${SLIPWAY_LABEL_PREFIX}owner`,
  createdAt: `${SLIPWAY_LABEL_PREFIX}created-at`,
  expiresAt: `${SLIPWAY_LABEL_PREFIX}expires-at`,
  lastActivity: `${SLIPWAY_LABEL_PREFIX}last-activity`,
  protected: `${SLIPWAY_LABEL_PREFIX}protected`,
  clonedFrom: `${SLIPWAY_LABEL_PREFIX}cloned-from`,
  previewRepository: `${SLIPWAY_LABEL_PREFIX}preview-repository`,
  previewPullRequest: `${SLIPWAY_LABEL_PREFIX}preview-pull-request`,
  /** Service types the environment's type allows, comma-separated; read by the admission policy. */
  serviceTypes: `${SLIPWAY_LABEL_PREFIX}service-types`,
  /** The team's own quota (JSON: cpu, memory, pods), set by a tech lead within the type's maxQuota; absent: the type's quota. */
  quotaOverride: `${SLIPWAY_LABEL_PREFIX}quota-override`,
  /** Which expiry the owner was warned about, so the janitor warns once. */
  deletionNoticeFor: `${SLIPWAY_LABEL_PREFIX}deletion-notice-for`,
  /**
   * Present while the environment is being created (JSON: who asked, the request, when; see
   * provisioning.ts); removed once every guard object is in place.
   */
  provisioning: `${SLIPWAY_LABEL_PREFIX}provisioning`,
  /** The marker's value once the create finished, so a repeat of that request gets the environment back. */
  createdByRequest: `${SLIPWAY_LABEL_PREFIX}created-by-request`,
} as const;

/** Value of the managed-by label: objects without it are never read or touched as environments. */
export const MANAGED_BY = 'slipway';
