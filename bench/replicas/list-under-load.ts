/*
 * The environment list (GET /api/idp-environments/environments, what /environments loads) under
 * N concurrent users for a fixed time: first against one replica, then against two replicas on
 * the same PostgreSQL behind a round-robin proxy. Each user is a real session of a catalog user
 * (signed in through the local OIDC provider) and asks again as soon as it has its answer.
 * Prints p50/p95/p99 latency and requests per second for both.
 */
import http from 'node:http';
import { signInForToken } from '../../e2e/backstageTokens';
import { startRoundRobin } from './roundRobin';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
  return value;
}

const USERS = option('users', 50);
const SECONDS = option('seconds', 30);
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'];

const agent = new http.Agent({ keepAlive: true, maxSockets: USERS });

function get(url: string, token: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, response => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    request.on('error', reject);
  });
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(base: string, tokens: string[]) {
  const url = `${base}/api/idp-environments/environments`;
  // Warm up: the first answers build caches that a running portal already has.
  for (const token of tokens) await get(url, token);
  const times: number[] = [];
  let failures = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      while (Date.now() < until) {
        const { status, ms } = await get(url, tokens[user % tokens.length]);
        if (status === 200) times.push(ms);
        else failures++;
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { requests: times.length, failures, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), perSecond: times.length / SECONDS };
}

async function main() {
  const replicaA = process.env.SLIPWAY_REPLICA_A!;
  const replicaB = process.env.SLIPWAY_REPLICA_B!;
  if (!replicaA || !replicaB) throw new Error('Run through bench/replicas/bench.sh (SLIPWAY_REPLICA_A and SLIPWAY_REPLICA_B are unset)');
  const tokens: string[] = [];
  for (const person of PEOPLE) {
    const { token, context } = await signInForToken(replicaA, person);
    tokens.push(token);
    await context.dispose();
  }
  const fmt = (r: Awaited<ReturnType<typeof load>>) =>
    `p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.perSecond.toFixed(0)} req/s (${r.requests} answers, ${r.failures} failures)`;

  console.log(`Environment list, ${USERS} concurrent users (${PEOPLE.length} people's sessions), ${SECONDS} s each:`);
  const one = await load(replicaA, tokens);
  console.log(`  one replica:                     ${fmt(one)}`);
  const proxy = await startRoundRobin([replicaA, replicaB]);
  try {
    const two = await load(proxy.url, tokens);
    console.log(`  two replicas behind round-robin: ${fmt(two)}  [answers per replica: ${proxy.counts.join(' / ')}]`);
  } finally {
    await proxy.close();
    agent.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
