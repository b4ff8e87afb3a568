import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Caller, callerFromIdentity } from '@internal/plugin-idp-environments-common';
import useAsync from 'react-use/esm/useAsync';

/** The signed-in user's teams and tiers, read as the backend reads them (which teams' costs they see). */
export function useCaller(): { value?: Caller; loading: boolean; error?: Error } {
  const identityApi = useApi(identityApiRef);
  const { value, loading, error } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return callerFromIdentity(identity.userEntityRef, identity.ownershipEntityRefs);
  }, [identityApi]);
  return { value, loading, error };
}
