import type { EnvironmentType } from '@internal/plugin-idp-environments-common';

/** Why a deploy is refused before anything is rendered or written; each kind has one wording on every edge. */
export type DeployRefusalKind = 'no-environment' | 'not-ready' | 'production' | 'not-allowed';

/**
 * The answer of `decideDeploy`: a refusal is always about the environment field, so a form marks
 * it and an action reports it the same way.
 */
export type DeployDecision = { allowed: true } | { allowed: false; refusal: DeployRefusalKind; field: 'environment'; reason: string };

/** What the permission framework and the cluster answered about the environment a deploy names. */
export interface DeployDecisionInputs {
  /** The team and environment name, as the request names them. */
  team: string;
  environment: string;
  /** `slipway.environment.read` on the namespace. */
  mayRead: boolean;
  /** `slipway.app.deploy` on the namespace. */
  mayDeploy: boolean;
  /** The environment, when it exists; its type words a refusal. */
  found?: { namespace: string; team: string; type: EnvironmentType; phase?: string };
}

/** Another team's environment and one that does not exist read the same: nobody learns what another team has. */
export function noEnvironmentRefusal(team: string, environment: string): string {
  return `${team} has no environment "${environment}" you can deploy to; choose one of your team's environments`;
}

/** Why a deploy the permission framework refused on a visible environment is refused. */
export function deployRefusal(environment: { namespace: string; type: string; team: string }): string {
  if (environment.type === 'production') {
    return `${environment.namespace} is production: deploys there go through a tech lead's approval, not this form`;
  }
  return `You may not deploy to ${environment.namespace}: only members of ${environment.team} (and platform admins) deploy there`;
}

const refuse = (refusal: DeployRefusalKind, reason: string): DeployDecision => ({ allowed: false, refusal, field: 'environment', reason });

/** Deploy only to an environment you can see and the permission policy lets you deploy to (never production: that is a request). */
export function decideDeploy(inputs: DeployDecisionInputs): DeployDecision {
  const { found } = inputs;
  if (!inputs.mayRead || !found) return refuse('no-environment', noEnvironmentRefusal(inputs.team, inputs.environment));
  // Its quota, policies and bindings are not all confirmed yet (see the environments' provisioning).
  if (found.phase === 'Provisioning') return refuse('not-ready', `${found.namespace} is still being created; deploy to it once it is ready (usually seconds)`);
  if (inputs.mayDeploy) return { allowed: true };
  return refuse(found.type === 'production' ? 'production' : 'not-allowed', deployRefusal(found));
}
