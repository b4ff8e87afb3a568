import { spawn } from 'node:child_process';
import { TokenReviewStatus } from './localVault';

/**
 * ServiceAccount tokens (TokenRequest API) and TokenReviews against the local cluster, through its
 * pinned kubectl as `kubernetes-admin`: what Vault's Kubernetes auth method does with its reviewer JWT.
 */

export interface KubectlCluster {
  kubectl: string;
  adminKubeconfig: string;
}

export function kubectl(cluster: KubectlCluster, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cluster.kubectl, ['--kubeconfig', cluster.adminKubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', code =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`kubectl ${args[0]} failed (${code}): ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(input);
  });
}

/** A short-lived token of ServiceAccount `namespace/name`, from the TokenRequest API. */
export async function serviceAccountToken(cluster: KubectlCluster, namespace: string, name: string): Promise<string> {
  return (await kubectl(cluster, ['create', 'token', name, '-n', namespace, '--duration', '10m'])).trim();
}

/** Reviews a JWT with the API server's TokenReview API, as Vault's Kubernetes auth method does. */
export function kubectlTokenReviewer(cluster: KubectlCluster): (jwt: string) => Promise<TokenReviewStatus> {
  return async jwt => {
    const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: jwt } };
    const answer = JSON.parse(await kubectl(cluster, ['create', '-f', '-', '-o', 'json'], JSON.stringify(review)));
    return answer.status as TokenReviewStatus;
  };
}
