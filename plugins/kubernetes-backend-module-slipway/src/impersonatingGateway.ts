import { HttpAuthService, LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { callerFromIdentity } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import express from 'express';
import Router from 'express-promise-router';

/** Where the gateway listens, under the Kubernetes plugin: `/api/kubernetes/slipway-gateway/…`. */
export const GATEWAY_PATH = '/slipway-gateway';

// Hop-by-hop and identity headers never cross the gateway; Slipway sets who is asking.
const DROPPED_REQUEST_HEADERS = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'cookie', 'content-length', 'authorization']);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

/**
 * The Kubernetes API as the signed-in person. Backstage's Kubernetes plugin (its objects views,
 * its proxy, its actions) reaches the cluster only through here, with an on-behalf-of token: the
 * request goes on with the portal's identity impersonating that person and their groups, so
 * Kubernetes RBAC answers exactly as it would to `kubectl --as`. Impersonation headers a client
 * sent are dropped; services and anonymous callers are refused.
 */
export function createImpersonatingGateway(deps: { httpAuth: HttpAuthService; userInfo: UserInfoService; cluster: ClusterAccess; logger: LoggerService }) {
  const { httpAuth, userInfo, cluster, logger } = deps;
  const router = Router();
  router.all(`${GATEWAY_PATH}/*`, async (req: express.Request, res: express.Response) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (req.headers.upgrade) {
      throw new NotAllowedError('Interactive sessions (exec, attach, port-forward) are not available through the portal');
    }
    const info = await userInfo.getUserInfo(credentials);
    const caller = callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
    const path = req.originalUrl.slice(req.originalUrl.indexOf(GATEWAY_PATH) + GATEWAY_PATH.length) || '/';
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name) || name.startsWith('backstage-')) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v]);
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const hasBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(req.method) || Number(req.headers['content-length'] ?? 0) > 0;
    const upstream = await cluster
      .fetchAsUser(path, { user: caller.user, groups: caller.groups }, { method: req.method, headers, body: hasBody ? req : undefined, signal: abort.signal })
      .catch(error => {
        if (abort.signal.aborted) return undefined;
        // A path refused before it was sent (a "." or ".." segment) is the caller's: its own 404.
        if ((error as Error)?.name === 'NotFoundError') throw error;
        logger.warn(`Kubernetes gateway: ${req.method} ${path.split('?')[0]} as ${caller.user} failed: ${error}`);
        res.status(502).json({ error: { name: 'BadGatewayError', message: 'The Kubernetes API server did not answer; try again in a moment' } });
        return undefined;
      });
    if (!upstream) return;
    res.status(upstream.status);
    upstream.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) res.setHeader(name, value);
    });
    upstream.body.on('error', () => res.destroy());
    upstream.body.pipe(res);
  });
  return router;
}
