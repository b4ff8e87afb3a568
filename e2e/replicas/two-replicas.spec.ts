import { expect, request as requests, test } from '@playwright/test';
import { signInForToken } from '../backstageTokens';

/*
 * Two backend processes on one PostgreSQL behave as one portal: a session signed in on one works
 * on the other, and a signal published by one reaches a browser connected to the other.
 */
const replicaA = process.env.SLIPWAY_REPLICA_A!;
const replicaB = process.env.SLIPWAY_REPLICA_B!;
const notifyToken = process.env.SLIPWAY_REPLICAS_NOTIFY_TOKEN!;

test.beforeAll(() => {
  if (!replicaA || !replicaB || !notifyToken) throw new Error('Run through scripts/test-replicas.sh: SLIPWAY_REPLICA_A, SLIPWAY_REPLICA_B and SLIPWAY_REPLICAS_NOTIFY_TOKEN are unset');
});

test('a session signed in on replica A works on replica B, and either replica accepts the other\'s tokens', async () => {
  const { token: tokenFromA, context } = await signInForToken(replicaA, 'alice');

  // The browser's session is its refresh cookie (set for localhost by A): B refreshes it into a token.
  const refreshed = await context.get(`${replicaB}/api/auth/oidc/refresh?env=development&optional`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  expect(refreshed.status(), 'refresh of the session on replica B').toBe(200);
  const fromB = await refreshed.json();
  expect(fromB.backstageIdentity?.identity?.userEntityRef).toBe('user:default/alice');
  const tokenFromB: string = fromB.backstageIdentity.token;

  const api = await requests.newContext();
  for (const [replica, token, what] of [
    [replicaB, tokenFromA, "A's token on B"],
    [replicaA, tokenFromB, "B's token on A"],
  ]) {
    const environments = await api.get(`${replica}/api/idp-environments/environments`, { headers: { Authorization: `Bearer ${token}` } });
    expect(environments.status(), what).toBe(200);
  }
  // And a token neither replica issued is refused by both (the check above can fail).
  const forged = `${tokenFromA.slice(0, tokenFromA.lastIndexOf('.'))}.AAAA`;
  for (const replica of [replicaA, replicaB]) {
    expect((await api.get(`${replica}/api/idp-environments/environments`, { headers: { Authorization: `Bearer ${forged}` } })).status()).toBe(401);
  }
  await api.dispose();
  await context.dispose();
});

test('a signal published by replica A reaches a browser connected to replica B', async ({ page }) => {
  const { token, context } = await signInForToken(replicaB, 'bob');
  await context.dispose();

  // A page of replica B's origin; the browser connects to B's signals WebSocket as Backstage's
  // SignalClient does (the Backstage token as the WebSocket protocol), reconnecting like it, and
  // subscribes. The signals router starts handling upgrades on the first upgrade request it sees,
  // so that first attempt on a fresh backend is never answered: the client's reconnect is what
  // opens the socket, in the portal as here.
  await page.goto(`${replicaB}/.backstage/health/v1/liveness`);
  await page.evaluate(
    ({ url, token: bearer }) =>
      new Promise<void>((resolve, reject) => {
        (window as any).signals = [];
        let attempts = 0;
        const connect = () => {
          attempts += 1;
          const ws = new WebSocket(url, bearer);
          const retry = setTimeout(() => {
            ws.close();
            if (attempts < 5) connect();
            else reject(new Error(`the signals WebSocket did not open in ${attempts} attempts`));
          }, 3_000);
          ws.onmessage = message => (window as any).signals.push(JSON.parse(message.data));
          ws.onopen = () => {
            clearTimeout(retry);
            ws.send(JSON.stringify({ action: 'subscribe', channel: 'notifications' }));
            resolve();
          };
        };
        connect();
      }),
    { url: `${replicaB.replace(/^http/, 'ws')}/api/signals`, token },
  );
  // Subscriptions travel over the socket; give B a moment to register it before publishing.
  await page.waitForTimeout(1000);

  const title = `Replicas test ${Date.now()}`;
  const api = await requests.newContext();
  const sent = await api.post(`${replicaA}/api/notifications/notifications`, {
    headers: { Authorization: `Bearer ${notifyToken}` },
    data: { recipients: { type: 'entity', entityRef: 'user:default/bob' }, payload: { title } },
  });
  expect(sent.status(), `notification sent through replica A: ${await sent.text()}`).toBe(200);

  await expect.poll(() => page.evaluate(() => (window as any).signals.length), { message: 'the signal reached the browser on replica B' }).toBeGreaterThan(0);
  const signal = (await page.evaluate(() => (window as any).signals))[0];
  expect(signal.channel).toBe('notifications');
  // The signal names the notification A stored; B reads the same one from the shared database.
  const id = signal.message.notification_id;
  const stored = await api.get(`${replicaB}/api/notifications/notifications/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(stored.status()).toBe(200);
  expect((await stored.json()).payload.title).toBe(title);
  await api.dispose();
});
