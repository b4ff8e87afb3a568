import { importScore } from './score';

/** A realistic Score file, in the shape of score.dev's examples. */
const SCORE = `
apiVersion: score.dev/v1b1
metadata:
  name: user-service
  annotations:
    team.example.com/owner: payments
containers:
  main:
    image: registry.example.com/team-a/user-service:1.4.2
    variables:
      LOG_LEVEL: info
      PORT: 8080
      SERVICE_NAME: \${metadata.name}
      DATABASE_URL: \${resources.db-credentials.url}
      TEMPLATE: "$\${literal}"
    resources:
      requests:
        cpu: 250m
        memory: 256Mi
      limits:
        cpu: "1"
        memory: 512Mi
    livenessProbe:
      httpGet:
        path: /alive
        port: 8080
    readinessProbe:
      httpGet:
        path: /ready
        port: 8080
        httpHeaders:
          - name: X-Probe
            value: "1"
service:
  ports:
    www:
      port: 80
      targetPort: 8080
resources:
  db-credentials:
    type: postgres
  cache:
    type: redis
`;

const web = { team: 'team-a', type: 'web' as const };
const errorsOf = (yaml: string, options: Parameters<typeof importScore>[1] = web) => {
  const result = importScore(yaml, options);
  if (result.success) throw new Error('expected the import to fail');
  return result.errors;
};

describe('importScore', () => {
  it('turns a realistic score.yaml into an app spec, with notes', () => {
    const result = importScore(SCORE, web);
    expect(result).toEqual({
      success: true,
      spec: {
        name: 'user-service',
        team: 'team-a',
        type: 'web',
        image: 'registry.example.com/team-a/user-service:1.4.2',
        port: 8080,
        environmentVariables: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'PORT', value: '8080' },
          { name: 'SERVICE_NAME', value: 'user-service' },
          { name: 'DATABASE_URL', valueFrom: 'secret/db-credentials/url' },
          { name: 'TEMPLATE', value: '${literal}' },
        ],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
        probes: { liveness: { path: '/alive' }, readiness: { path: '/ready' } },
      },
      notes: [
        'metadata.annotations dropped: Slipway sets its own labels and annotations',
        'resources.db-credentials (postgres): not provisioned by Slipway; its outputs are read from Secret db-credentials, so create it in the environment',
        'resources.cache (redis) dropped: no variable reads it and Slipway does not provision resources',
        'containers.main.readinessProbe.httpGet.httpHeaders dropped: Slipway probes the pod itself without headers',
        'replicas: Score has none; the golden path autoscales from 3 to 20 at 70% CPU',
      ],
    });
  });

  it('fills the gaps of a minimal Score file from the golden path', () => {
    const minimal = 'apiVersion: score.dev/v1b1\nmetadata:\n  name: hello\ncontainers:\n  hello:\n    image: registry.example.com/team-a/hello:1.0.0\nservice:\n  ports:\n    web:\n      port: 8080\n';
    const result = importScore(minimal, web);
    expect(result.success && result.spec).toEqual({ name: 'hello', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/hello:1.0.0', port: 8080, resources: { preset: 'medium' } });
    expect(result.success && result.notes).toEqual([
      "service.ports.web.port 8080 dropped: Slipway's Service listens on 80 and forwards to 8080",
      "containers.hello.resources: none in Score; the golden path's preset medium applies (250m CPU / 512Mi requested)",
      "containers.hello.livenessProbe: none in Score; the golden path's HTTP /healthz applies",
      "containers.hello.readinessProbe: none in Score; the golden path's HTTP /ready applies",
      'replicas: Score has none; the golden path autoscales from 3 to 20 at 70% CPU',
    ]);
  });

  it('completes half-given resources the way Kubernetes and the golden path would', () => {
    const yaml = 'apiVersion: score.dev/v1b1\nmetadata: {name: w}\ncontainers:\n  w:\n    image: registry.example.com/a/w:1\n    resources:\n      limits: {cpu: "2"}\n      requests: {memory: 256Mi}\n';
    const result = importScore(yaml, { team: 'team-a', type: 'worker' });
    expect(result.success && result.spec.resources).toEqual({ requests: { cpu: '2', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(result.success && result.notes).toContain('replicas: Score has none; the golden path runs 3');
  });

  it('imports a cron job with the schedule from the caller', () => {
    const yaml = 'apiVersion: score.dev/v1b1\nmetadata: {name: report}\ncontainers:\n  report:\n    image: registry.example.com/a/report:1\n';
    const result = importScore(yaml, { team: 'team-a', type: 'cron', schedule: '0 3 * * *' });
    expect(result.success && result.spec).toMatchObject({ type: 'cron', schedule: '0 3 * * *' });
    expect(errorsOf(yaml, { team: 'team-a', type: 'cron' })).toEqual([{ field: 'schedule', message: expect.stringMatching(/Give the cron schedule/) }]);
  });

  it.each([
    ['apiVersion: score.dev/v1b1\nmetadata: {name: x\n', 'score.yaml', /^Line \d+: [^:]*; fix the YAML syntax$/],
    ['- a\n- b\n', 'score.yaml', /YAML object with apiVersion, metadata and containers/],
    [SCORE.replace('score.dev/v1b1', 'score.dev/v1b2'), 'apiVersion', /set apiVersion: score\.dev\/v1b1/],
    [`${SCORE}extensions: {}\n`, 'extensions', /not a Score score\.dev\/v1b1 field/],
    [SCORE.replace('    image:', '    command: ["/bin/app"]\n    image:'), 'containers.main.command', /own entrypoint/],
    [SCORE.replace('    image:', '    files: []\n    image:'), 'containers.main.files', /configMap or secret volume/],
    [SCORE.replace('    image:', '    imagePullPolicy: Always\n    image:'), 'containers.main.imagePullPolicy', /not a Score/],
    [SCORE.replace('image: registry.example.com/team-a/user-service:1.4.2', 'image: .'), 'containers.main.image', /push it to a registry/],
    [SCORE.replace(':1.4.2', ':latest'), 'containers.main.image', /instead of :latest/],
    [SCORE.replace('name: user-service', 'name: User_Service'), 'metadata.name', /lowercase letters/],
    [SCORE.replace('\${resources.db-credentials.url}', '\${resources.database.url}'), 'containers.main.variables.DATABASE_URL', /resource database, which is not declared/],
    [SCORE.replace('\${resources.db-credentials.url}', 'postgres://\${resources.db-credentials.host}/app'), 'containers.main.variables.DATABASE_URL', /only part of the value/],
    [SCORE.replace('\${metadata.name}', '\${metadata.annotations.x}'), 'containers.main.variables.SERVICE_NAME', /not a placeholder Slipway knows/],
    [SCORE.replace('path: /alive\n        port: 8080', 'path: /alive\n        port: 8080\n      exec: {command: [true]}'), 'containers.main.livenessProbe.exec', /replace exec with httpGet/],
    [SCORE.replace('path: /alive\n        port: 8080', 'path: /alive\n        port: 9090'), 'containers.main.livenessProbe.httpGet.port', /probes the app's port 8080/],
    [SCORE.replace('cpu: 250m', 'cpu: lots'), 'containers.main.resources.requests.cpu', /not a quantity/],
    [SCORE.replace('cpu: "1"', 'cpu: 100m'), 'containers.main.resources.requests.cpu', /lower the request or raise the limit/],
    [SCORE.replace('      targetPort: 8080', '      targetPort: 8080\n      protocol: UDP'), 'service.ports.www.protocol', /TCP only/],
    [SCORE.replace('service:\n  ports:\n    www:\n      port: 80\n      targetPort: 8080\n', ''), 'service.ports', /needs the port it listens on/],
    [SCORE.replace('containers:\n  main:', 'containers:\n  sidecar:\n    image: registry.example.com/x/y:1\n  main:'), 'containers', /one container per app, and this has sidecar, main/],
  ])('rejects unsupported input %#', (yaml, field, message) => {
    expect(errorsOf(yaml)).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('rejects a port on a worker', () => {
    expect(errorsOf(SCORE, { team: 'team-a', type: 'worker' })).toContainEqual({ field: 'service.ports', message: expect.stringMatching(/A worker serves no port/) });
  });

  it('answers bad input with errors on score.yaml, never an exception, within the limits', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(errorsOf(`${SCORE}${bomb}\n`)).toEqual([{ field: 'score.yaml', message: 'Its aliases (*name) expand to more than 100 copies; write the values out instead' }]);
    expect(errorsOf(`${SCORE}---\n${SCORE}`)).toEqual([{ field: 'score.yaml', message: expect.stringMatching(/^A Score file describes one workload/) }]);
    expect(errorsOf(`${SCORE}x: "${'x'.repeat(256 * 1024)}"\n`)).toEqual([{ field: 'score.yaml', message: 'The Score file is 257 KiB; Slipway reads at most 256 KiB' }]);
    expect(errorsOf('['.repeat(10_000))).toEqual([{ field: 'score.yaml', message: expect.stringMatching(/nest more than 32 deep/) }]);
    expect(errorsOf(SCORE.replace('cpu: 250m', 'cpu: [250m]'))).toContainEqual({ field: 'containers.main.resources.requests.cpu', message: 'Give requests.cpu as a quantity, not a list; write e.g. 250m' });
    expect(errorsOf(SCORE.replace('LOG_LEVEL: info', 'toString: info'))).toEqual([{ field: 'containers.main.variables.toString', message: expect.stringContaining('JavaScript reserves') }]);
  });

  it('lists at most 20 errors, then how many more', () => {
    const errors = errorsOf(`${SCORE}${Array.from({ length: 30 }, (_, i) => `extra${i}: x`).join('\n')}\n`);
    expect(errors).toHaveLength(21);
    expect(errors[20]).toEqual({ field: 'score.yaml', message: '…and 10 more; fix the errors above first' });
  });
});
