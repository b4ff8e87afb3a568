import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { readSecretStoreSettings } from './secretStore';

/** Write-only team secrets. */
export const secretsPlugin = createBackendPlugin({
  pluginId: 'idp-secrets',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, httpAuth, httpRouter }) {
        const store = readSecretStoreSettings(config);
        const router = Router();
        // Which store holds secrets and how apps reference them; never any value.
        router.get('/store', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['user'] });
          res.json(store);
        });
        httpRouter.use(router as express.Router);
      },
    });
  },
});
