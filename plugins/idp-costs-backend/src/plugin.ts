import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { resolvePriceSheet } from '@internal/plugin-idp-costs-common';
import express from 'express';
import Router from 'express-promise-router';

/** Showback and chargeback: what each team's workloads cost. */
export const costsPlugin = createBackendPlugin({
  pluginId: 'idp-costs',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, httpAuth, httpRouter }) {
        const priceSheet = resolvePriceSheet(config.getOptional('slipway.costs.prices'));
        const router = Router();
        // The prices every cost Slipway shows is computed with.
        router.get('/price-sheet', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['user'] });
          res.json(priceSheet);
        });
        httpRouter.use(router as express.Router);
      },
    });
  },
});
