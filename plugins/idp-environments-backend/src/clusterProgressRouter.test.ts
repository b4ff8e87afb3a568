import { mockCredentials, mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createClusterProgressRouter } from './clusterProgressRouter';
import { LocalClusterProgress } from './services/LocalClusterProgress';

// The route over a real progress file, as cluster/cluster.sh up writes it.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cluster-progress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function app(progress: LocalClusterProgress) {
  return express().use(createClusterProgressRouter({ httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }), progress })).use(mockErrorHandler());
}

describe('GET /cluster-progress', () => {
  it('answers the current step and the time left while the cluster is built', async () => {
    const file = join(dir, 'progress.log');
    writeFileSync(file, `1000 begin ${process.pid}\n1000 plan etcd:100 kube-apiserver:600 start:40\n1000 step etcd\n1090 built etcd 90\n1090 step kube-apiserver\n`);
    const response = await request(app(new LocalClusterProgress(file, () => 1390))).get('/cluster-progress').set('authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ state: 'preparing', step: 2, steps: 3, activity: 'kube-apiserver', elapsedSeconds: 390, remainingSeconds: 340 });
  });

  it('says the build stopped when the process that began it is gone', async () => {
    const file = join(dir, 'progress.log');
    // A pid above the kernel's pid_max cannot run.
    writeFileSync(file, '1000 begin 999999999\n1000 plan etcd:100 start:40\n1000 step etcd\n');
    const response = await request(app(new LocalClusterProgress(file, () => 1010))).get('/cluster-progress').set('authorization', mockCredentials.user.header());
    expect(response.body).toEqual({ state: 'stopped' });
  });

  it('is unknown without the setting or before the file exists', async () => {
    for (const progress of [new LocalClusterProgress(undefined), new LocalClusterProgress(join(dir, 'absent.log'))]) {
      const response = await request(app(progress)).get('/cluster-progress').set('authorization', mockCredentials.user.header());
      expect(response.body).toEqual({ state: 'unknown' });
    }
  });

  it('reads the file from slipway.localCluster.progressFile', async () => {
    const file = join(dir, 'progress.log');
    writeFileSync(file, '1000 begin 1\n1000 plan start:40\n1000 step start\n1040 ready\n');
    const progress = LocalClusterProgress.fromConfig(mockServices.rootConfig({ data: { slipway: { localCluster: { progressFile: file } } } }));
    expect(await progress.read()).toEqual({ state: 'ready' });
  });

  it('needs a signed-in user', async () => {
    const response = await request(app(new LocalClusterProgress(undefined))).get('/cluster-progress');
    expect(response.status).toBe(401);
  });
});
