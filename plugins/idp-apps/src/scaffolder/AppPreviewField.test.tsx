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
import { OPENCOST_DEFAULT_PRICES } from '@internal/plugin-idp-costs-common';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { AppsApi, appsApiRef } from '../api/AppsApi';
import { AppPreviewField } from './AppPreviewField';

/** A backend stand-in that renders with the real pure renderer and guard rails; the costs backend answers OpenCost's default prices. */
function fakeAppsApi(calls: AppPreviewRequest[], getPriceSheet: AppsApi['getPriceSheet'] = async () => OPENCOST_DEFAULT_PRICES): AppsApi {
  return {
    getPriceSheet,
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

const fieldProps = (options: Record<string, unknown>, formData: Record<string, unknown>, value: string | undefined, onChange: jest.Mock) =>
  ({ formData: value, onChange, schema: { title: 'Preview' }, uiSchema: { 'ui:options': options }, formContext: { formData }, rawErrors: [], required: false }) as any;

/** The field as the scaffolder shows it: given the whole form again on every change. */
let changeFormData: (next: Record<string, unknown>) => void = () => {};
function Form(props: { options: Record<string, unknown>; initial: Record<string, unknown>; value?: string; onChange: jest.Mock }) {
  const [formData, setFormData] = useState(props.initial);
  changeFormData = setFormData;
  return <AppPreviewField {...fieldProps(props.options, formData, props.value, props.onChange)} />;
}

function renderField(options: Record<string, unknown>, formData: Record<string, unknown>, value?: string, onChange = jest.fn(), getPriceSheet?: AppsApi['getPriceSheet']) {
  const calls: AppPreviewRequest[] = [];
  renderInTestApp(<Form options={options} initial={formData} value={value} onChange={onChange} />, { apis: [[appsApiRef, fakeAppsApi(calls, getPriceSheet)]] });
  const changeForm = (next: Record<string, unknown>) => act(() => changeFormData(next));
  return { calls, onChange, changeForm };
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

  describe('the cost of what is chosen', () => {
    // medium: 250m and 512Mi a pod = 0.25 × 0.031611 × 730 + 0.5 × 0.004237 × 730 = USD 7.3155 a month at OpenCost's prices.
    it("shows the autoscaler's range for the golden path, and follows the form", async () => {
      const { changeForm } = renderField({ type: 'web' }, form);
      expect(await screen.findByLabelText('Estimated cost')).toHaveTextContent('Cost: ≈ USD 21.95–146.31 / month');
      // small (100m, 128Mi = USD 2.6942) × 2 fixed replicas
      changeForm({ ...form, resources: { preset: 'small' }, replicas: 2 });
      await waitFor(() => expect(screen.getByLabelText('Estimated cost')).toHaveTextContent('Cost: ≈ USD 5.39 / month'));
    });

    it('prices a CronJob per hour of each run', async () => {
      renderField({ type: 'cron' }, { ...form, port: undefined, schedule: '0 3 * * *' });
      expect(await screen.findByLabelText('Estimated cost')).toHaveTextContent('Cost: CronJob/user-service: ≈ USD 0.01 per hour of each run');
    });

    it('says the cost is unknown when the costs service does not answer, and keeps the preview', async () => {
      renderField({ type: 'web' }, form, undefined, jest.fn(), () => Promise.reject(new Error('connection refused')));
      expect(await screen.findByText('Cost: unknown, the costs service did not answer (connection refused).')).toBeInTheDocument();
      expect(screen.getByText('All guard rails pass')).toBeInTheDocument();
    });
  });
});
