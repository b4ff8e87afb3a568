import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Environment, PreviewEnvironmentRequest, environmentNamespace, previewEnvironmentName } from '@internal/plugin-idp-environments-common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EnvironmentService } from './EnvironmentService';

/** How a repository maps to the team that owns its previews (slipway.environments.previews.repositories). */
export interface PreviewSettings {
  repositories: Record<string, string>;
  webhookSecret?: string;
}

export function readPreviewSettings(config: Config): PreviewSettings {
  const previews = config.getOptionalConfig('slipway.environments.previews');
  const repositories: Record<string, string> = {};
  for (const entry of previews?.getOptionalConfigArray('repositories') ?? []) {
    repositories[entry.getString('repository').toLowerCase()] = entry.getString('team');
  }
  return { repositories, webhookSecret: previews?.getOptionalString('github.webhookSecret') };
}

/**
 * Preview environments follow pull requests: CI (or GitHub's webhook) asks for the preview of
 * repository + PR, which is created on first call and renewed on later ones, and removed when
 * the PR closes. The owner is the team, since no person asked for it.
 */
export class PreviewEnvironments {
  constructor(
    private readonly environments: EnvironmentService,
    private readonly settings: PreviewSettings,
    private readonly logger: LoggerService,
  ) {}

  private namespaceOf(team: string, repository: string, pullRequest: number) {
    return environmentNamespace(team, previewEnvironmentName(repository, pullRequest));
  }

  async upsert(request: PreviewEnvironmentRequest): Promise<Environment> {
    const name = previewEnvironmentName(request.repository, request.pullRequest);
    return this.environments.provision(
      `group:default/${request.team}`,
      { team: request.team, name, type: 'preview', ttlDays: request.ttlDays },
      { preview: { repository: request.repository, pullRequest: request.pullRequest }, update: true },
    );
  }

  async remove(team: string, repository: string, pullRequest: number): Promise<boolean> {
    return this.environments.remove(this.namespaceOf(team, repository, pullRequest));
  }

  /** The team whose previews a repository gets, from config; unknown repositories are refused. */
  teamOf(repository: string): string {
    const team = this.settings.repositories[repository.toLowerCase()];
    if (!team) {
      throw new InputError(
        `repository: ${JSON.stringify(repository)} has no preview team; add it to slipway.environments.previews.repositories (repository + team)`,
      );
    }
    return team;
  }

  /** Verifies GitHub's X-Hub-Signature-256 over the exact bytes received. */
  verifyGithubSignature(rawBody: Buffer, signature: string | undefined): boolean {
    const secret = this.settings.webhookSecret;
    if (!secret || !signature?.startsWith('sha256=')) return false;
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Handles a `pull_request` event: open/reopen/synchronize → upsert, closed (merged or not) → remove. */
  async handlePullRequestEvent(event: { action?: string; number?: number; repository?: { full_name?: string } }): Promise<string> {
    const repository = event.repository?.full_name;
    const pullRequest = event.number;
    if (!repository || !pullRequest) throw new InputError('The pull_request event has no repository.full_name or number');
    const team = this.teamOf(repository);
    switch (event.action) {
      case 'opened':
      case 'reopened':
      case 'synchronize': {
        const environment = await this.upsert({ team, repository, pullRequest });
        this.logger.info(`Preview ${environment.namespace} up to date for ${repository}#${pullRequest}`);
        return `preview ${environment.namespace} ready`;
      }
      case 'closed': {
        const removed = await this.remove(team, repository, pullRequest);
        return removed ? `preview of ${repository}#${pullRequest} deleted` : `no preview of ${repository}#${pullRequest} to delete`;
      }
      default:
        return `action ${event.action} ignored`;
    }
  }
}
