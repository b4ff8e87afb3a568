import { IMPERSONATION_ROLE } from '@internal/plugin-idp-environments-common';

/**
 * The API server refused to let the platform impersonate the person (someone the catalog has not
 * yet handed to ImpersonationScope, or a cluster without Slipway's setup). Without this, the
 * generated client reports "Unknown API Status Code" and the caller a 500; this says what happened
 * and what to do, as a 403 (Backstage maps errors by name).
 */
export function refuseUnknownPerson(body: string): void {
  let message: string | undefined;
  try {
    message = JSON.parse(body)?.message;
  } catch {
    return;
  }
  if (typeof message !== 'string' || !/cannot impersonate resource "(users|groups)"/.test(message)) return;
  const who = message.match(/^(users|groups) "([^"]+)" is forbidden/)?.[2];
  const error = new Error(
    `The portal may not act as ${who ?? 'you'} in the cluster yet: people are added to ${IMPERSONATION_ROLE} from the catalog every 10 minutes. ` +
      'Try again in a few minutes; if it persists, a platform admin checks that Slipway\'s cluster setup is installed (docs/admin.md)',
  );
  error.name = 'NotAllowedError';
  throw error;
}
