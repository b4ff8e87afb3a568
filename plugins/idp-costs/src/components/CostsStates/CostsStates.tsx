import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/** What an empty window means: the sampler has not stored anything yet. */
export function NoCostData({ what }: { what?: string }) {
  return (
    <EmptyState
      missing="data"
      title={`No cost data yet${what ? ` for ${what}` : ''}`}
      description="No cost data yet: the sampler stores a sample every 5 minutes. Costs appear here once workloads have run for a while."
    />
  );
}

/**
 * A failed costs request in words: the backend answers 404 for another team's costs (it does not say
 * whether the team exists), which is said as such; anything else with the backend's message.
 */
export function CostsError({ error, title, team }: { error: Error; title: string; team?: string }) {
  if (team && error instanceof ResponseError && error.statusCode === 404) {
    return (
      <EmptyState
        missing="info"
        title={`The costs of ${team} are not yours to see`}
        description={`You see the costs of your own teams. If you belong to ${team}, ask a platform admin to add you to its group; otherwise check the team's name in the link.`}
      />
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
}
