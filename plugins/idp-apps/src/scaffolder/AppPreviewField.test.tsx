import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AppPreview,
  AppPreviewRequest,
  DEFAULT_GUARD_RAIL_SETTINGS,
  evaluateGuardRails,
  productionRequestNote,
  renderApp,
  renderYaml,
  AppSpec,
} from '@internal/plugin-idp-apps-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AppsApi, appsApiRef } from '../api/AppsApi';
import { AppPreviewField } from './AppPreviewField';

/** A backend stand-in that renders with the real pure renderer and guard rails. */
function fakeAppsApi(calls: AppPreviewRequest[]): AppsApi {
  return {
    async preview(request) {
      calls.push(request);
      if (!request.environment) return { errors: [{ field: 'environment', message: 'Choose the environment to deploy to' }] };
      const spec = request.spec as AppSpec;
      // prod is the team's production environment: rendered as such, with the backend's note instead of a refusal.
      const environmentType = request.environment === 'prod' ? 'production' : 'development';
      const manifests = renderApp(spec, { team: spec.team, environment: request.environment, environmentType });
      const yaml = request.expertYaml ?? renderYaml(manifests);
      const judged = request.expertYaml ? manifests.map(m => (m.kind === 'Deployment' && request.expertYaml!.includes('docker.io') ? JSON.parse(JSON.stringify(m).replace(/registry\.example\.com/g, 'docker.io')) : m)) : manifests;
      const preview: AppPreview = {
        errors: [],
        notes: environmentType === 'production' ? [productionRequestNote(spec.team)] : [],
        environment: { namespace: `${spec.team}-${request.environment}`, type: environmentType },
        manifests: yaml,
        guardRails: evaluateGuardRails(judged, { environmentType, settings: DEFAULT_GUARD_RAIL_SETTINGS }),
      };
      return preview;
    },
    async importScore() {
      throw new Error('not used');
    },
  };
}

const form = { name: 'user-service', team: 'team-a', environment: 'dev', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080, resources: {} };

function renderField(options: Record<string, unknown>, formData: Record<string, unknown>, value?: string, onChange = jest.fn()) {
  const calls: AppPreviewRequest[] = [];
  const props = { formData: value, onChange, schema: { title: 'Preview' }, uiSchema: { 'ui:options': options }, formContext: { formData }, rawErrors: [], required: false } as any;
  renderInTestApp(<AppPreviewField {...props} />, { apis: [[appsApiRef, fakeAppsApi(calls)]] });
  return { calls, onChange };
}

describe('AppPreviewField', () => {
  it('shows the manifests and the guard rails for what the form says, and keeps the verdict as its value', async () => {
    const { calls, onChange } = renderField({ type: 'web' }, form);
    expect(await screen.findByText('All guard rails pass')).toBeInTheDocument();
    expect(screen.getByText(/Into team-a-dev \(development\): .*Deployment\/user-service/)).toBeInTheDocument();
    expect(screen.getByLabelText('Rendered manifests').textContent).toContain('kind: HorizontalPodAutoscaler');
    // Only spec fields are sent, empty sections dropped, the template's type added.
    expect(calls[0]).toEqual({ spec: { name: 'user-service', team: 'team-a', image: form.image, port: 8080, type: 'web' }, environment: 'dev' });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('All guard rails pass'));
  });

  it('says that production becomes a deploy request a tech lead approves, without blocking Create', async () => {
    const { onChange } = renderField({ type: 'web' }, { ...form, environment: 'prod' });
    expect(await screen.findByRole('note')).toHaveTextContent('This creates a deploy request; a tech lead of team-a approves it');
    expect(screen.getByText(/Into team-a-prod \(production\): .*Deployment\/user-service/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('All guard rails pass'));
  });

  it('says what is missing before it can render', async () => {
    renderField({ type: 'web' }, { ...form, environment: undefined });
    expect(await screen.findByText('environment: Choose the environment to deploy to')).toBeInTheDocument();
  });

  it('in expert mode, edits the rendered YAML and judges the edit', async () => {
    const onChange = jest.fn();
    renderField({ type: 'web', editable: true }, form, '', onChange);
    await screen.findByText('All guard rails pass');
    fireEvent.click(screen.getByRole('checkbox'));
    expect(onChange).toHaveBeenLastCalledWith(expect.stringContaining('kind: Deployment'));
  });

  it('shows the verdict on edited YAML that breaks a guard rail', async () => {
    const edited = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: user-service\n  image: docker.io/x\n';
    const { calls } = renderField({ type: 'web', editable: true }, { ...form, expertYaml: edited }, edited);
    expect(await screen.findByText('1 guard-rail violation: fix before deploying')).toBeInTheDocument();
    expect(calls.some(c => c.expertYaml === edited)).toBe(true);
    expect(screen.getByLabelText('Manifests (YAML)')).toHaveValue(edited);
  });
});
