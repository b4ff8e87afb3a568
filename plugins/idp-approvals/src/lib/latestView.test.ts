import type { DeployRequestView } from '@internal/plugin-idp-approvals-common';
import { isMoving, latestView } from './latestView';

const view = (status: DeployRequestView['status'], decisions = 0, id = 'r1') =>
  ({ id, status, decisions: Array.from({ length: decisions }, (_, i) => ({ by: `user:default/lead-${i}`, decision: 'approve', comment: '', at: '' })) }) as DeployRequestView;

describe('latestView', () => {
  it('keeps the later stage whatever order the answers arrive in', () => {
    // A signal's reload says applied; the decision's own answer (applying) arrives after it.
    expect(latestView(view('applied', 1), view('applying', 1)).status).toBe('applied');
    expect(latestView(view('applying', 1), view('applied', 1)).status).toBe('applied');
    expect(latestView(view('pending', 0), view('approved', 1)).status).toBe('approved');
  });

  it('within a stage keeps the view with more decisions, and takes any view of another request', () => {
    expect(latestView(view('pending', 1), view('pending', 0)).decisions).toHaveLength(1);
    expect(latestView(view('pending', 0), view('pending', 1)).decisions).toHaveLength(1);
    expect(latestView(view('applied', 1), view('pending', 0, 'r2')).id).toBe('r2');
    expect(latestView(undefined, view('pending')).status).toBe('pending');
  });

  it('says a request is moving while approved or being applied', () => {
    expect([view('pending'), view('approved'), view('applying'), view('applied')].map(isMoving)).toEqual([false, true, true, false]);
  });
});
