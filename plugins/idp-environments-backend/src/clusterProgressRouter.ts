import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { LocalClusterProgress } from './services/LocalClusterProgress';

/**
 * `GET /cluster-progress`: what the local cluster is doing while scripts/dev.sh builds and starts it
 * (a `ClusterProgress`), for the portal's banner and the pages that need the cluster.
 */
export function createClusterProgressRouter(options: { httpAuth: HttpAuthService; progress: LocalClusterProgress }): express.Router {
  const router = Router();
  router.get('/cluster-progress', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user'] });
    res.json(await options.progress.read());
  });
  return router;
}
