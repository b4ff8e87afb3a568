import { ApiException } from '@kubernetes/client-node';

/** The one field manager Slipway applies with, so re-applies converge and conflicts show. */
export const FIELD_MANAGER = 'slipway';

/**
 * Kinds inside an environment that only the platform identity writes: developers only read
 * them (see SLIPWAY_CLUSTER_ROLES), so Slipway applies them after its own checks.
 */
export const PLATFORM_WRITTEN_KINDS = ['NetworkPolicy'];

/** The API server's own message from a failed call (its Status body), else the body as text. */
export function kubernetesMessage(error: ApiException<unknown>): string {
  const body = error.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body).message ?? body;
    } catch {
      return body;
    }
  }
  return (body as { message?: string })?.message ?? error.message;
}
