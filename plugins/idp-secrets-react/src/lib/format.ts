import { SecretConsumer, SecretStoreType, describeConsumers } from '@internal/plugin-idp-secrets-common';

/** A date for people: "12 Mar 2025, 14:05" in the browser's locale. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `user:default/alice` → `alice`; `schedule` and other refs stay as they are. */
export function shortRef(ref: string): string {
  const match = /^user:(?:default\/)?(.+)$/.exec(ref);
  return match ? match[1] : ref;
}

/** One consumer as `Deployment/web (DB_URL)`, `CronJob/report (every key)`. */
export const consumerText = (consumer: SecretConsumer): string => describeConsumers([consumer]);

/** How an app spec refers to one key. */
export const secretReference = (secret: string, key: string): string => `secret/${secret}/${key}`;

/** `secret/<name>/<key>` → its parts, or undefined for anything else. */
export function parseSecretReference(reference: string | undefined): { secret: string; key: string } | undefined {
  const match = /^secret\/([^/]+)\/([^/]+)$/.exec(reference ?? '');
  return match ? { secret: match[1], key: match[2] } : undefined;
}

/** Where a store keeps values, for people. */
export const STORE_NAMES: Record<SecretStoreType, string> = {
  kubernetes: 'Kubernetes Secrets in each environment namespace',
  'external-secrets': 'an external store, synced into each environment by External Secrets',
  vault: 'Vault, synced into each environment',
};
