/*
 * Slipway's External Secrets Operator build against the real local control plane: started once,
 * shared by every test file (reused, not restarted), reachable on loopback only.
 */
import { ensureLocalCluster } from './localCluster';
import { ensureExternalSecretsOperator } from './localExternalSecrets';

jest.setTimeout(30 * 60_000);

it('starts the operator once and reuses it, with health and metrics on 127.0.0.1', async () => {
  const cluster = await ensureLocalCluster();
  const first = await ensureExternalSecretsOperator(cluster);
  const again = await ensureExternalSecretsOperator(cluster);
  expect(again.pid).toBe(first.pid);
  expect(first.logFile.startsWith(cluster.stateDir)).toBe(true);

  expect(new URL(first.healthUrl).hostname).toBe('127.0.0.1');
  expect(new URL(first.metricsUrl).hostname).toBe('127.0.0.1');
  expect((await fetch(`${first.healthUrl}/readyz`)).status).toBe(200);
  // The controllers' own metrics: the operator runs ESO's ExternalSecret controller, not just a server.
  const metrics = await (await fetch(first.metricsUrl)).text();
  expect(metrics).toMatch(/controller_runtime_active_workers\{controller="externalsecret"\}/);
});
