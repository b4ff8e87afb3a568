import { TestApiProvider, mockApis } from '@backstage/frontend-test-utils';
import { isLeadOf } from '@internal/plugin-idp-environments-common';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useCaller } from './useCaller';

async function callerOf(ownershipEntityRefs: string[]) {
  const identity = mockApis.identity({ userEntityRef: 'user:default/alice', ownershipEntityRefs });
  const wrapper = ({ children }: { children: ReactNode }) => <TestApiProvider apis={[identity]}>{children}</TestApiProvider>;
  const { result } = renderHook(() => useCaller(), { wrapper });
  await waitFor(() => expect(result.current.loading).toBe(false));
  return result.current.value!;
}

describe('useCaller', () => {
  it('separates teams from tier groups', async () => {
    const caller = await callerOf(['user:default/alice', 'group:default/team-b', 'group:default/team-a', 'group:default/team-a-leads', 'group:default/platform-admins']);
    expect(caller).toMatchObject({ user: 'alice', teams: ['team-a', 'team-b'], leadOf: ['team-a'], isPlatformAdmin: true });
    expect(isLeadOf(await callerOf(['group:default/team-a-leads']), 'team-a')).toBe(true);
    expect(isLeadOf(await callerOf(['group:default/team-a']), 'team-a')).toBe(false);
    expect(isLeadOf(await callerOf(['group:default/platform-admins']), 'team-z')).toBe(true);
  });

  it('counts a tech lead as a member of the team they lead, as the backend does', async () => {
    const lead = await callerOf(['user:default/alice', 'group:default/team-c-leads']);
    expect(lead.teams).toEqual(['team-c']);
    expect(lead.leadOf).toEqual(['team-c']);
  });
});
