import { kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException } from '@kubernetes/client-node';
import { ConflictError, NotAllowedError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';

/**
 * Turns a Kubernetes client failure into the Backstage error a user can act on, naming what
 * was being done. Unreachable clusters become 503 with what to check.
 */
export function toServiceError(error: unknown, doing: string, server: string): Error {
  if (error instanceof ApiException) {
    const message = `${doing}: ${kubernetesMessage(error)}`;
    switch (error.code) {
      case 403:
        return new NotAllowedError(message);
      case 404:
        return new NotFoundError(message);
      case 409:
        return new ConflictError(message);
      default:
        return new ServiceUnavailableError(`${message} (HTTP ${error.code} from the cluster)`);
    }
  }
  const code = (error as { code?: string })?.code;
  return new ServiceUnavailableError(
    `${doing}: cannot reach the cluster at ${server}${code ? ` (${code})` : ''}. Check that it is running and reachable from the portal.`,
  );
}
