import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { CostsApi, costsApiRef } from '../../api/CostsApi';
import { fakeCostsApi, samplePlatformShowback, sampleTeamShowback } from '../../testing/fakes';
import { CostsPage } from '../CostsPage';

const render = (api: CostsApi, ...groups: string[]) =>
  renderInTestApp(<CostsPage />, {
    mountPath: '/costs',
    initialRouteEntries: ['/costs'],
    apis: [[costsApiRef, api], mockApis.identity({ userEntityRef: 'user:default/someone', ownershipEntityRefs: groups.map(g => `group:default/${g}`) })],
  });

jest.setTimeout(30_000);

describe('CostsHome', () => {
  it("opens the caller's only team", async () => {
    const getTeamShowback = jest.fn(async () => sampleTeamShowback());
    render(fakeCostsApi({ getTeamShowback }), 'team-a');
    expect(await screen.findByText('Costs of team-a')).toBeInTheDocument();
    expect(getTeamShowback).toHaveBeenCalledWith('team-a', expect.anything());
  });

  it('lets a member of several teams pick one', async () => {
    render(fakeCostsApi(), 'team-b', 'team-a-leads');
    expect(await screen.findByText('Pick a team')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a' })).toHaveAttribute('href', '/costs/teams/team-a');
    expect(screen.getByRole('link', { name: 'team-b' })).toHaveAttribute('href', '/costs/teams/team-b');
  });

  it('says costs are per team to someone in none', async () => {
    render(fakeCostsApi());
    expect(await screen.findByText('You are in no team')).toBeInTheDocument();
  });

  it('shows platform admins every team with the idle and shared lines', async () => {
    render(fakeCostsApi({ getPlatformShowback: async () => samplePlatformShowback() }), 'platform-admins');
    const chart = await screen.findByRole('img', { name: /^Daily cost of every team: 2 days, USD 24.00 in all; the largest is team-a at USD 12.00$/ });
    expect(within(chart).getByText('idle')).toBeInTheDocument();
    expect(within(chart).getByText('shared')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a' })).toHaveAttribute('href', '/costs/teams/team-a');
    expect(screen.getByText('USD 150.00 (124% forecast)')).toBeInTheDocument();
    expect(screen.getByText('USD 6.00')).toBeInTheDocument();
    expect(screen.getByText('no (slipway.costs.spreadIdleAndShared)')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Price sheet and billing imports' })).toHaveAttribute('href', '/costs/prices');
  });

  it('says when no cost was sampled anywhere yet', async () => {
    render(fakeCostsApi({ getPlatformShowback: async () => samplePlatformShowback({ daily: [], teams: [] }) }), 'platform-admins');
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
  });
});
