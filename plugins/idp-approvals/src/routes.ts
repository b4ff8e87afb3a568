import { createRouteRef, createSubRouteRef } from '@backstage/frontend-plugin-api';

export const rootRouteRef = createRouteRef();

/** One deploy request's page (the rollback buttons open the request they create). */
export const requestRouteRef = createSubRouteRef({ parent: rootRouteRef, path: '/requests/:id' });
