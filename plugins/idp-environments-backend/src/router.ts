import { HttpAuthService } from '@backstage/backend-plugin-api';
import { EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import express from 'express';
import Router from 'express-promise-router';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  environmentTypes: EnvironmentTypeDescription[];
}): Promise<express.Router> {
  const { httpAuth, environmentTypes } = options;
  const router = Router();
  router.use(express.json());

  // The types a team can create, with their TTLs and quotas, as the platform team configured them.
  router.get('/environment-types', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ items: environmentTypes });
  });

  return router;
}
