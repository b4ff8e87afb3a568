/*
 * A process of its own that creates one environment exactly as the backend does (the real
 * EnvironmentService with the portal's service-account kubeconfig) and stops moving once the
 * named kind was applied, printing `PAUSED <kind>`: the kill test SIGKILLs it there, as a
 * crashing backend would die mid-create. Not part of the plugin; run by EnvironmentService.kill.test.ts.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs createUntilKilled.ts KUBECONFIG TEAM NAME USER_REF GROUP_REF KIND
 */
import { callerFromIdentity, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { EnvironmentService } from '../EnvironmentService';

async function main() {
  const [kubeconfig, team, name, user, group, pauseAfter] = process.argv.slice(2);
  const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as any;
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const service = EnvironmentService.create({ cluster: new ClusterAccess(kc), types: resolveEnvironmentTypes(undefined), logger: quiet });
  await service.create(callerFromIdentity(user, [user, group]), { team, name, type: 'development' }, async object => {
    if (object.kind !== pauseAfter) return;
    process.stdout.write(`PAUSED ${object.kind}\n`);
    // Never resolves: the process is killed here.
    await new Promise(() => undefined);
  });
  process.stdout.write('FINISHED\n');
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
