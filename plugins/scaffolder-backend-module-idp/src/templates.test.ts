/*
 * Every template in templates/ against the actions this module registers: known actions, known
 * inputs, and a spec that — filled with sample answers — passes the schema, renders and clears
 * the guard rails. A template that drifts from the actions fails here, not in front of a user.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_GUARD_RAIL_SETTINGS, evaluateGuardRails, parseAppSpec, renderApp } from '@internal/plugin-idp-apps-common';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { deploymentRequest } from './actionInput';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import yaml from 'yaml';
import { createApplyAppAction } from './actions/applyApp';
import { createRenderAppAction } from './actions/renderApp';

const TEMPLATES = resolve(__dirname, '../../../templates');
const SLIPWAY_FIELDS = ['SlipwayTeamPicker', 'SlipwayEnvironmentPicker'];
const SAMPLE_ANSWERS: Record<string, unknown> = {
  name: 'demo-app',
  team: 'team-a',
  environment: 'dev',
  image: 'registry.example.com/team-a/demo-app:1.0.0',
  port: 8080,
  schedule: '*/15 * * * *',
  resources: {},
  autoscaling: {},
};

const cluster = new ClusterAccess(new KubeConfig());
const deployments = DeploymentService.create({ cluster, userInfo: {} as any, permissions: {} as any, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger: mockServices.logger.mock() });
const actions = [createRenderAppAction({ deployments }), createApplyAppAction({ deployments, auditor: mockServices.auditor.mock(), approvals: { discovery: mockServices.discovery(), auth: mockServices.auth() } })];

/** What the scaffolder's templating makes of `${{ parameters.x }}` values, for plain references. */
function fill(value: unknown): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{\s*parameters\.(\w+)\s*\}\}$/.exec(value);
    if (whole) return SAMPLE_ANSWERS[whole[1]];
    return value;
  }
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
  return value;
}

const templates = readdirSync(TEMPLATES).map(dir => ({ dir, template: yaml.parse(readFileSync(join(TEMPLATES, dir, 'template.yaml'), 'utf8')) }));

/**
 * A finished task's output as the scaffolder makes it: every string rendered by its templating
 * engine (a value that renders as nothing drops its key), then links and texts whose `if` is falsy
 * left out.
 */
function finishedOutput(output: unknown, stepOutput: Record<string, unknown>) {
  const renderer = createTemplateRenderer({});
  const context = { parameters: SAMPLE_ANSWERS, steps: { deploy: { output: stepOutput } } } as unknown as Parameters<typeof renderer.renderValue>[1];
  const rendered = JSON.parse(JSON.stringify(output), (_key, value) => (typeof value === 'string' ? renderer.renderValue(value, context) : value));
  const shown = (items: { title: string; if?: unknown }[] = []) => items.filter(item => !('if' in item) || !!item.if).map(item => item.title);
  return { links: shown(rendered.links), text: shown(rendered.text) };
}

describe('templates/', () => {
  it.each(templates.map(t => [t.dir, t.template]))('%s: says "Deployed" after a deploy, and links the request when production needs an approval', (_dir, template) => {
    expect(finishedOutput(template.spec.output, { namespace: 'team-a-dev', objects: ['Deployment/demo-app'] })).toEqual({ links: [], text: ['Deployed'] });
    expect(finishedOutput(template.spec.output, { namespace: 'team-a-prod', objects: [], requestId: 'r1', requestUrl: '/approvals/requests/r1', status: 'pending' })).toEqual({
      links: ['Deploy request (waiting for approval)'],
      text: ['Waiting for approval'],
    });
  });

  it('has the golden-path templates', () => {
    expect(templates.map(t => t.template.metadata.name).sort()).toEqual(['slipway-cron-job', 'slipway-web-app', 'slipway-worker']);
  });

  describe.each(templates)('$dir', ({ template }) => {
    it('is a scaffolder template owned by the platform team', () => {
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(template.kind).toBe('Template');
      expect(template.spec.owner).toBe('group:default/platform');
    });

    it('uses only registered actions, with inputs their schemas know and require', () => {
      for (const step of template.spec.steps) {
        const action = actions.find(a => a.id === step.action);
        expect(action).toBeDefined();
        const schema = action!.schema!.input as { properties: Record<string, unknown>; required?: string[] };
        for (const key of Object.keys(step.input)) expect(Object.keys(schema.properties)).toContain(key);
        for (const key of schema.required ?? []) expect(Object.keys(step.input)).toContain(key);
      }
    });

    it('asks for team and environment with Slipway’s pickers', () => {
      const properties = template.spec.parameters[0].properties;
      expect(properties.team['ui:field']).toBe(SLIPWAY_FIELDS[0]);
      expect(properties.environment['ui:field']).toBe(SLIPWAY_FIELDS[1]);
    });

    it('picks an environment variable’s secret reference with Slipway’s picker', () => {
      const variable = template.spec.parameters[1].properties.environmentVariables.items.properties;
      expect(variable.valueFrom['ui:field']).toBe('SlipwaySecretReference');
    });

    it('previews on every page, and feeds the last page’s expert-mode YAML to both actions', () => {
      const type = template.spec.steps[0].input.spec.type;
      for (const page of template.spec.parameters) {
        const previews = Object.values(page.properties as Record<string, any>).filter(p => p['ui:field'] === 'SlipwayAppPreview');
        expect(previews).toHaveLength(1);
        expect(previews[0]['ui:options'].type).toBe(type);
      }
      const last = template.spec.parameters[template.spec.parameters.length - 1].properties;
      expect(last.expertYaml['ui:options'].editable).toBe(true);
      for (const step of template.spec.steps) expect(step.input.expertYaml).toBe('${{ parameters.expertYaml }}');
    });

    it('passes every advanced field into the spec', () => {
      const advanced = Object.keys(template.spec.parameters[1].properties).filter(key => key !== 'advancedPreview');
      for (const step of template.spec.steps) {
        for (const key of advanced) expect(step.input.spec[key]).toBe(`\${{ parameters.${key} }}`);
      }
    });

    it('turns sample answers into a valid app spec that renders and clears the guard rails', () => {
      for (const step of template.spec.steps) {
        // Untouched advanced sections arrive as {} or undefined; the actions drop them.
        const parsed = parseAppSpec(deploymentRequest({ spec: fill(step.input.spec) as Record<string, unknown>, environment: 'dev' }).spec);
        if (!parsed.success) throw new Error(`${step.id}: ${JSON.stringify(parsed.errors)}`);
        const manifests = renderApp(parsed.spec, { team: 'team-a', environment: 'dev', environmentType: 'development' });
        expect(evaluateGuardRails(manifests, { environmentType: 'development' }).violations).toEqual([]);
      }
    });
  });
});
