/*
 * The backend's auditor: an event of any plugin lands in the audit log with its actor and outcome,
 * and is still logged (Backstage's default behaviour).
 */
import { NotAllowedError } from '@backstage/errors';
import { coreServices, createBackendPlugin, createServiceFactory } from '@backstage/backend-plugin-api';
import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuditLogStore, audited, auditLogServiceRef } from '@internal/plugin-idp-environments-node';
import request from 'supertest';
import { auditorServiceFactory } from './auditorServiceFactory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('auditorServiceFactory', () => {
  it('stores every finished event of a plugin with its actor, names and outcome, and logs it', async () => {
    const store = await AuditLogStore.create(await databases.init('SQLITE_3'));
    const logged: string[] = [];
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    logger.info.mockImplementation(message => void logged.push(message));
    const plugin = createBackendPlugin({
      pluginId: 'test-plugin',
      register(env) {
        env.registerInit({
          deps: { auditor: coreServices.auditor, httpRouter: coreServices.httpRouter },
          async init({ auditor, httpRouter }) {
            // POST /things/<team>: allowed for team-a only.
            httpRouter.use(async (req, res) => {
              const team = req.path.split('/')[2];
              const meta = { team, namespace: `${team}-dev`, environment: 'dev', app: 'web' };
              await audited(auditor, { eventId: 'thing-change', severityLevel: 'medium', request: req, meta }, async m => {
                if (team !== 'team-a') throw new NotAllowedError(`You may not change ${team}'s things`);
                m.replicas = 3;
              }).then(
                () => res.status(204).end(),
                () => res.status(403).end(),
              );
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        plugin,
        auditorServiceFactory,
        createServiceFactory({ service: auditLogServiceRef, deps: {}, factory: () => store }),
        createServiceFactory({ service: coreServices.logger, deps: {}, factory: () => logger }),
      ],
    });
    const alice = { Authorization: mockCredentials.user.header('user:default/alice') };
    expect((await request(server).post('/api/test-plugin/things/team-a').set(alice)).status).toBe(204);
    expect((await request(server).post('/api/test-plugin/things/team-b').set(alice)).status).toBe(403);

    const { items } = await store.list({ scope: { all: true }, limit: 10 });
    expect(items.map(({ id, at, ...rest }) => rest)).toEqual([
      {
        plugin: 'test-plugin',
        eventId: 'thing-change',
        severity: 'medium',
        actor: 'user:default/alice',
        status: 'refused',
        team: 'team-b',
        namespace: 'team-b-dev',
        environment: 'dev',
        app: 'web',
        meta: { team: 'team-b', namespace: 'team-b-dev', environment: 'dev', app: 'web', outcome: 'refused' },
        error: "NotAllowedError: You may not change team-b's things",
      },
      {
        plugin: 'test-plugin',
        eventId: 'thing-change',
        severity: 'medium',
        actor: 'user:default/alice',
        status: 'succeeded',
        team: 'team-a',
        namespace: 'team-a-dev',
        environment: 'dev',
        app: 'web',
        meta: { team: 'team-a', namespace: 'team-a-dev', environment: 'dev', app: 'web', replicas: 3, outcome: 'succeeded' },
        error: undefined,
      },
    ]);
    // Logged as before: started and finished, each time.
    expect(logged.filter(m => m === 'test-plugin.thing-change').length).toBeGreaterThanOrEqual(3);
  });
});
