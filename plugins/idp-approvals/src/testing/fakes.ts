import { ResponseError } from '@backstage/errors';
import type { SignalApi } from '@backstage/plugin-signals-react';
import type { DeployRequestSummary, DeployRequestView, DeployRevision } from '@internal/plugin-idp-approvals-common';
import { ApprovalsApi } from '../api/ApprovalsApi';

/** Test helpers: a fake ApprovalsApi, a signal API the test can send on, and sample requests. Not exported from the package. */

const HOUR = 3600 * 1000;

export function sampleSummary(overrides: Partial<DeployRequestSummary> = {}): DeployRequestSummary {
  return {
    id: 'req-1',
    team: 'team-a',
    app: 'web',
    environment: 'prod',
    namespace: 'team-a-prod',
    requester: 'user:default/alice',
    reason: 'Release 1.4: faster checkout',
    status: 'pending',
    createdAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    expiresAt: new Date(Date.now() + 3 * 24 * HOUR + HOUR + 60_000).toISOString(),
    approvals: 0,
    quorum: 1,
    ...overrides,
  };
}

export function sampleRequest(overrides: Partial<DeployRequestView> = {}): DeployRequestView {
  return {
    ...sampleSummary(),
    digest: 'a3f1c9e2b7d45e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f90123456789',
    manifestsYaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    diff: [
      {
        kind: 'Deployment',
        name: 'web',
        change: 'changed',
        lines: [
          { op: ' ', text: 'spec:' },
          { op: '-', text: '  replicas: 2' },
          { op: '+', text: '  replicas: 3' },
        ],
      },
      { kind: 'Service', name: 'web', change: 'unchanged', lines: [{ op: ' ', text: 'port: 80' }] },
    ],
    guardRails: { passed: true, violations: [] },
    resourceDelta: { cpuMillicores: 250, memoryBytes: 256 * 1024 ** 2, replicas: 1 },
    decisions: [],
    youMay: { approve: true, reject: true },
    ...overrides,
  };
}

export function sampleRevision(overrides: Partial<DeployRevision> = {}): DeployRevision {
  return {
    id: 'req-1',
    environment: 'prod',
    namespace: 'team-a-prod',
    appliedAt: '2025-03-10T12:05:00Z',
    requester: 'user:default/alice',
    approvers: ['user:default/bob'],
    reason: 'Release 1.4: faster checkout',
    digest: 'a3f1c9e2b7d45e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f90123456789',
    images: ['registry.example.com/team-a/web:1.4.2'],
    ...overrides,
  };
}

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));

/** Every method rejects unless overridden. */
export function fakeApprovalsApi(overrides: Partial<ApprovalsApi> = {}): ApprovalsApi {
  return {
    listRequests: unexpected('listRequests'),
    getRequest: unexpected('getRequest'),
    listAuditEntries: unexpected('listAuditEntries'),
    decide: unexpected('decide'),
    listRevisions: unexpected('listRevisions'),
    rollback: unexpected('rollback'),
    getPriceSheet: unexpected('getPriceSheet'),
    ...overrides,
  };
}

/** A ResponseError as ApprovalsClient throws it for a Backstage JSON error. */
export async function responseError(status: number, name: string, message: string): Promise<ResponseError> {
  const response = new Response(JSON.stringify({ error: { name, message }, response: { statusCode: status } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  return ResponseError.fromResponse(response as any);
}

type Message = { [key: string]: unknown };

/** A signal API whose `send` delivers a message to the subscribers of a channel, as the signals backend would. */
export function fakeSignalApi() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe: (channel: string, onMessage: (message: any) => void) => {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage) };
    },
  };
  const send = (channel: string, message: Message) => subscribers.get(channel)?.forEach(onMessage => onMessage(message));
  return { api, send };
}
