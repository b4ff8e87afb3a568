import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { CallerTeams, callerTeams } from '../lib/teams';

/** The signed-in user's teams and tiers; `value` is undefined while loading. */
export function useCallerTeams(): { value?: CallerTeams; loading: boolean; error?: Error } {
  const identityApi = useApi(identityApiRef);
  const { value, loading, error } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return callerTeams(identity.ownershipEntityRefs);
  }, [identityApi]);
  return { value, loading, error };
}
