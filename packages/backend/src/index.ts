/*
 * The Slipway backend: Backstage's core plugins plus Slipway's own. Which plugins run is
 * decided here; how each behaves is decided by app-config*.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';
import { auditLogServiceFactory } from './audit/auditLogServiceFactory';
import { auditorServiceFactory } from './audit/auditorServiceFactory';
import { productionConfigServiceFactory } from './production/productionConfigServiceFactory';
import { boundedCacheServiceFactory } from './cache/boundedCacheServiceFactory';

const backend = createBackend();

// Configuration as Backstage loads it; a production start without a required setting stops here
// naming its variable, and no development sign-in client stays active (src/production/).
backend.add(productionConfigServiceFactory);

// Backstage's auditor, logging as before and also storing every finished event in Slipway's audit log (the audit page).
backend.add(auditLogServiceFactory);
backend.add(auditorServiceFactory);
// The cache service: Backstage's memory store bounded in entries and bytes (per process; see the factory).
backend.add(boundedCacheServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
// The event bus other plugins (catalog, signals) subscribe to across backend replicas.
backend.add(import('@backstage/plugin-events-backend'));

// Sign-in: OpenID Connect only (the local provider by default, the company IdP in production).
// Guest access is deliberately not installed.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Every Slipway environment as a catalog Resource owned by its team.
backend.add(import('@internal/plugin-catalog-backend-module-idp-environments'));

backend.add(import('@backstage/plugin-permission-backend'));
// Slipway's policy: teams act on their own environments; platform admins on all.
backend.add(import('@internal/plugin-permission-backend-module-slipway-policy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
// Slipway's actions: slipway:app:render and slipway:app:apply (golden-path deploys).
backend.add(import('@internal/plugin-scaffolder-backend-module-idp'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// On PostgreSQL the index lives in the database, shared by every replica; on SQLite it stays
// Lunr in memory (the module leaves the engine alone when the database is not PostgreSQL).
backend.add(import('@backstage/plugin-search-backend-module-pg'));


// Backstage's Kubernetes views, acting as the signed-in person: Slipway's module supplies the
// cluster through an impersonating gateway, so Kubernetes RBAC scopes what they show and do.
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@internal/plugin-kubernetes-backend-module-slipway'));

backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

// Slipway
backend.add(import('@internal/plugin-idp-environments-backend'));
backend.add(import('@internal/plugin-idp-apps-backend'));
backend.add(import('@internal/plugin-idp-approvals-backend'));
backend.add(import('@internal/plugin-idp-workloads-backend'));
backend.add(import('@internal/plugin-idp-secrets-backend'));
backend.add(import('@internal/plugin-idp-costs-backend'));

// A start that fails (a missing production setting, an unreachable database) says why on stderr
// and exits non-zero before anything listens.
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
