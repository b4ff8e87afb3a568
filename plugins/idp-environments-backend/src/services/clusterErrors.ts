import { kubernetesMessage } from '@internal/plugin-idp-kubernetes-node';
import { ApiException } from '@kubernetes/client-node';
import { ConflictError, NotAllowedError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';

/**
 * Turns a Kubernetes client failure into the Backstage error a user can act on, naming what
 * was being done. Unreachable clusters become 503 with what to check. The cluster's address is
 * internal: it goes to the backend log (EnvironmentService logs it), never to the user.
 */
export function toServiceError(error: unknown, doing: string): Error {
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
    `${doing}: cannot reach the Kubernetes cluster${code ? ` (${code})` : ''}. Try again in a moment; if it persists, a platform admin checks that the cluster is running and reachable from the portal (the backend log names its address).`,
  );
}
