/**
 * The rest of the table: every permission the portal exposes that is not about one environment,
 * Backstage's own surfaces included. Slipway's permission policy decides each one from here and
 * denies any permission this table does not name, so a new plugin is closed until it is added.
 */

/** Who, among people, holds a portal permission. */
export type PortalAudience =
  /** Every signed-in person. */
  | 'everyone'
  /** People in at least one team (platform admins too). */
  | 'teamMembers'
  | 'platformAdmins'
  /** Scaffolder tasks: whoever started one, their tech leads, and platform admins. */
  | 'taskInitiatorsAndTheirLeads'
  /** Catalog entities: all of them but other teams' environments. */
  | 'entitiesOutsideOtherTeamsEnvironments'
  /** Nobody: only service principals (the CI token), and platform admins. */
  | 'nobody';

export interface PortalAccessRow {
  permission: string;
  /** The plugin that asks, for the matrix and the docs. */
  surface: 'slipway' | 'catalog' | 'scaffolder' | 'kubernetes';
  description: string;
  people: PortalAudience;
  /**
   * Whether service principals hold it: other backend plugins acting as themselves, and tokens of
   * external callers, each of which is further confined by its `accessRestrictions`.
   */
  services: boolean;
}

export const PORTAL_ACCESS: readonly PortalAccessRow[] = [
  {
    permission: 'slipway.environment.preview.manage',
    surface: 'slipway',
    description: 'create and remove pull-request previews (the CI token)',
    people: 'nobody',
    services: true,
  },
  // The catalog: everything is visible but other teams' environments; only admins register.
  {
    permission: 'catalog.entity.read',
    surface: 'catalog',
    description: 'see catalog entities',
    people: 'entitiesOutsideOtherTeamsEnvironments',
    services: true,
  },
  {
    permission: 'catalog.entity.refresh',
    surface: 'catalog',
    description: 'refresh an entity',
    people: 'everyone',
    services: true,
  },
  {
    permission: 'catalog.entity.validate',
    surface: 'catalog',
    description: 'validate entity YAML',
    people: 'everyone',
    services: true,
  },
  {
    permission: 'catalog.location.read',
    surface: 'catalog',
    description: 'see registered locations',
    people: 'everyone',
    services: true,
  },
  {
    permission: 'catalog.entity.create',
    surface: 'catalog',
    description: 'register entities (templates come from git, curated by the platform team)',
    people: 'platformAdmins',
    services: false,
  },
  {
    permission: 'catalog.entity.delete',
    surface: 'catalog',
    description: 'unregister entities',
    people: 'platformAdmins',
    services: false,
  },
  {
    permission: 'catalog.location.create',
    surface: 'catalog',
    description: 'register a location',
    people: 'platformAdmins',
    services: false,
  },
  {
    permission: 'catalog.location.analyze',
    surface: 'catalog',
    description: 'analyse a location to register',
    people: 'platformAdmins',
    services: false,
  },
  {
    permission: 'catalog.location.delete',
    surface: 'catalog',
    description: 'remove a location',
    people: 'platformAdmins',
    services: false,
  },
  { permission: 'catalog.ingestion.read', surface: 'catalog', description: 'see how entity providers ingest', people: 'platformAdmins', services: true },
  { permission: 'catalog.ingestion.manage', surface: 'catalog', description: 'reset or pause entity providers', people: 'platformAdmins', services: false },
  // The scaffolder: teams run the curated templates; a task is its initiator's (and their leads').
  {
    permission: 'scaffolder.task.create',
    surface: 'scaffolder',
    description: 'run a template',
    people: 'teamMembers',
    services: false,
  },
  {
    permission: 'scaffolder.task.read',
    surface: 'scaffolder',
    description: 'see a task: its parameters and logs',
    people: 'taskInitiatorsAndTheirLeads',
    services: false,
  },
  {
    permission: 'scaffolder.task.cancel',
    surface: 'scaffolder',
    description: 'cancel a task',
    people: 'taskInitiatorsAndTheirLeads',
    services: false,
  },
  {
    permission: 'scaffolder.template.parameter.read',
    surface: 'scaffolder',
    description: 'see a template’s form',
    people: 'everyone',
    services: false,
  },
  {
    permission: 'scaffolder.template.step.read',
    surface: 'scaffolder',
    description: 'see a template’s steps',
    people: 'everyone',
    services: false,
  },
  {
    permission: 'scaffolder.action.execute',
    surface: 'scaffolder',
    description: 'run an action from a curated template',
    people: 'teamMembers',
    services: false,
  },
  {
    permission: 'scaffolder.template.dry-run',
    surface: 'scaffolder',
    description: 'run a template that is not in git (the template editor)',
    people: 'platformAdmins',
    services: false,
  },
  {
    permission: 'scaffolder.template.management',
    surface: 'scaffolder',
    description: 'edit templates in the portal',
    people: 'platformAdmins',
    services: false,
  },
  // Backstage's Kubernetes views act as the person (Slipway's gateway impersonates them), so
  // Kubernetes RBAC scopes what they return; services have no business there.
  {
    permission: 'kubernetes.resources.read',
    surface: 'kubernetes',
    description: 'see an entity’s Kubernetes objects, as yourself',
    people: 'everyone',
    services: false,
  },
  {
    permission: 'kubernetes.clusters.read',
    surface: 'kubernetes',
    description: 'list the clusters',
    people: 'everyone',
    services: false,
  },
  {
    permission: 'kubernetes.proxy',
    surface: 'kubernetes',
    description: 'call the Kubernetes API, as yourself',
    people: 'everyone',
    services: false,
  },
];

export function portalAccessRow(permission: string): PortalAccessRow | undefined {
  return PORTAL_ACCESS.find(r => r.permission === permission);
}
