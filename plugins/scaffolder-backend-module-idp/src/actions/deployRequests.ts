import { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { CreateDeployRequest, DeployRequestView } from '@internal/plugin-idp-approvals-common';

/** The approvals backend the action files production deploys with. */
export const APPROVALS_PLUGIN_ID = 'idp-approvals';

/** Where the approvals backend is and how to call it as the task's initiator. */
export interface DeployRequestsDeps {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
}

/** The portal page of a request (a path, so the task page links inside the portal). */
export const deployRequestUrl = (id: string) => `/approvals/requests/${encodeURIComponent(id)}`;

/** The approvals backend's error body: Backstage's error plus, for bad input, one entry per field. */
interface ErrorAnswer {
  error?: { name?: string; message?: string };
  errors?: { field?: string; message?: string }[];
}

/**
 * Files a production deploy request as the initiator (an on-behalf-of token, so the approvals
 * backend judges and records it as them). Its refusals (4xx) are InputErrors with its wording;
 * a backend that fails or does not answer is an error saying nothing was requested.
 */
export async function createDeployRequest(deps: DeployRequestsDeps, credentials: BackstageCredentials, body: CreateDeployRequest): Promise<DeployRequestView> {
  const baseUrl = await deps.discovery.getBaseUrl(APPROVALS_PLUGIN_ID);
  const { token } = await deps.auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId: APPROVALS_PLUGIN_ID });
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } })?.cause?.code ?? String(error);
    throw new ServiceUnavailableError(
      `The approvals service (${APPROVALS_PLUGIN_ID}) did not answer (${cause}); no deploy request was created and nothing was applied. ` +
        'Run the template again in a moment; if it keeps failing, ask the platform team to check that the approvals backend is running',
    );
  }
  if (response.ok) return (await response.json()) as DeployRequestView;

  const answer = (await response.json().catch(() => undefined)) as ErrorAnswer | undefined;
  const message = answer?.error?.message ?? `${response.status} ${response.statusText}`.trim();
  if (response.status >= 400 && response.status < 500) {
    // The field errors the message does not already spell out, as `field: message`.
    const fields = (answer?.errors ?? []).map(e => (e.field ? `${e.field}: ${e.message}` : String(e.message))).filter(line => !message.includes(line));
    throw new InputError(`The deploy request was refused: ${message}${fields.length ? `\n${fields.join('\n')}` : ''}`);
  }
  throw new Error(
    `The approvals service failed to create the deploy request (${response.status}: ${message}); nothing was requested or applied. ` +
      'Run the template again; if it keeps failing, ask the platform team to look at the approvals backend’s log',
  );
}
