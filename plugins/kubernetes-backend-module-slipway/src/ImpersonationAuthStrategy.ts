import { AuthMetadata, AuthenticationStrategy, ClusterDetails, KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { NO_TOKEN, TOKEN_METADATA } from './ImpersonatingClusterSupplier';

/**
 * Hands the Kubernetes plugin the on-behalf-of token the cluster supplier minted for the person
 * asking; without one (a service asking) there is no credential at all.
 */
export class ImpersonationAuthStrategy implements AuthenticationStrategy {
  async getCredential(clusterDetails: ClusterDetails): Promise<KubernetesCredential> {
    const token = clusterDetails.authMetadata[TOKEN_METADATA];
    return token && token !== NO_TOKEN ? { type: 'bearer token', token } : { type: 'anonymous' };
  }

  validateCluster(): Error[] {
    return [];
  }

  /** Nothing of the cluster's auth reaches a browser: the token is the person's own. */
  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}
