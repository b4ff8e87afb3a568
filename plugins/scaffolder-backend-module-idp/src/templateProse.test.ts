/*
 * The templates tell developers what the golden path does; GOLDEN_PATH (idp-apps-common) is what it
 * does. Every replica count, autoscaling claim, probe path and resource preset stated in a template's
 * descriptions is read here and held to that table, so the prose cannot drift from the renderer.
 * A number this test does not understand fails too: teach it the new claim, or reword.
 */
import { AppType, GOLDEN_PATH, RESOURCE_PRESETS } from '@internal/plugin-idp-apps-common';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'yaml';

const TEMPLATES = resolve(__dirname, '../../../templates');

/** A description and the property it describes (`metadata` or `parameters` for the template and its pages). */
interface Description {
  field: string;
  text: string;
}

function descriptionsOf(value: unknown, field = ''): Description[] {
  if (Array.isArray(value)) return value.flatMap(item => descriptionsOf(item, field));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (key === 'description' && typeof item === 'string') return [{ field, text: item }];
    return descriptionsOf(item, key === 'properties' || key === 'items' ? field : key);
  });
}

/** `small: 100m/128Mi requested, 500m/512Mi limit` or `medium (golden path): 250m/512Mi, 1/1Gi`. */
const PRESET = /^(\w+)( \(golden path\))?: ([\w.]+)\/([\w.]+)(?: requested)?, ([\w.]+)\/([\w.]+)(?: limit)?$/;

function presetProblems(text: string): string[] {
  const problems: string[] = [];
  const named = new Set<string>();
  for (const part of text.split(' · ')) {
    const match = PRESET.exec(part.trim());
    if (!match) {
      problems.push(`cannot read the preset "${part}"; write it as "name: cpu/memory requested, cpu/memory limit"`);
      continue;
    }
    const [, name, golden, requestCpu, requestMemory, limitCpu, limitMemory] = match;
    named.add(name);
    const preset = RESOURCE_PRESETS[name as keyof typeof RESOURCE_PRESETS];
    if (!preset) {
      problems.push(`names a preset "${name}" that does not exist`);
      continue;
    }
    const stated = `${requestCpu}/${requestMemory}, ${limitCpu}/${limitMemory}`;
    const actual = `${preset.requests.cpu}/${preset.requests.memory}, ${preset.limits.cpu}/${preset.limits.memory}`;
    if (stated !== actual) problems.push(`says ${name} is ${stated}; GOLDEN_PATH's preset is ${actual}`);
    if (Boolean(golden) !== (name === GOLDEN_PATH.resourcePreset)) {
      problems.push(`marks the golden-path preset wrongly at ${name}; the golden path uses ${GOLDEN_PATH.resourcePreset}`);
    }
  }
  const missing = Object.keys(RESOURCE_PRESETS).filter(name => !named.has(name));
  if (missing.length > 0) problems.push(`leaves out the presets ${missing.join(', ')}`);
  return problems;
}

/** What a description of an app template of `type` claims that GOLDEN_PATH contradicts; empty when they agree. */
function proseProblems(type: AppType, { field, text }: Description): string[] {
  if (field === 'preset') return presetProblems(text);
  const problems: string[] = [];
  const autoscaled = GOLDEN_PATH.autoscaling.enabledFor[type];
  const { minReplicas, maxReplicas, targetCPU } = GOLDEN_PATH.autoscaling;
  let rest = text;
  const claim = (pattern: RegExp, check: (...groups: string[]) => string | undefined) => {
    rest = rest.replace(pattern, (_match: string, ...groups: string[]) => {
      const problem = check(...groups);
      if (problem) problems.push(problem);
      return ' ';
    });
  };

  claim(/between (\d+) and (\d+) replicas at (\d+) ?%/g, (min, max, cpu) =>
    `${min}-${max} at ${cpu}%` === `${minReplicas}-${maxReplicas} at ${targetCPU}%`
      ? undefined
      : `says the autoscaler runs ${min}-${max} replicas at ${cpu}% CPU; GOLDEN_PATH says ${minReplicas}-${maxReplicas} at ${targetCPU}%`,
  );
  claim(/(\d+)\+ replicas/g, min => {
    if (!autoscaled) return `says ${min}+ replicas, but a ${type} does not autoscale on the golden path; it runs ${GOLDEN_PATH.replicas}`;
    return Number(min) === minReplicas ? undefined : `says ${min}+ replicas; GOLDEN_PATH's autoscaler starts at ${minReplicas}`;
  });
  claim(/(\d+) replicas?\b/g, count => {
    if (autoscaled) return `says ${count} replicas, but a ${type} autoscales on the golden path from ${minReplicas} to ${maxReplicas}`;
    return Number(count) === GOLDEN_PATH.replicas ? undefined : `says ${count} replicas; GOLDEN_PATH runs ${GOLDEN_PATH.replicas}`;
  });
  claim(/liveness (\/[\w/.-]*)/g, path => (path === GOLDEN_PATH.probes.liveness.path ? undefined : `says liveness ${path}; GOLDEN_PATH probes ${GOLDEN_PATH.probes.liveness.path}`));
  claim(/readiness (\/[\w/.-]*)/g, path => (path === GOLDEN_PATH.probes.readiness.path ? undefined : `says readiness ${path}; GOLDEN_PATH probes ${GOLDEN_PATH.probes.readiness.path}`));

  // Whether the golden path autoscales: a sentence about the golden path that speaks of autoscaling
  // (or describes the autoscaling field) says it does, unless it says off, not, no, never or without.
  for (const sentence of text.split(/(?<=\.)\s+/)) {
    if (!/golden path/i.test(sentence) || !(/autoscal/i.test(sentence) || field === 'autoscaling')) continue;
    const saysOff = /\b(off|not|no|never|without)\b/i.test(sentence);
    if (saysOff === autoscaled) {
      problems.push(`says a ${type} ${saysOff ? 'does not autoscale' : 'autoscales'} on the golden path; GOLDEN_PATH.autoscaling.enabledFor.${type} is ${autoscaled}`);
    }
  }

  const unread = /\d+(\.\d+)?\s*(\+|%|m\b|Mi\b|Gi\b|replica|pod|cpu)/i.exec(rest);
  if (unread) problems.push(`states "${unread[0]}", which this test cannot check against GOLDEN_PATH`);
  return problems;
}

const templates = readdirSync(TEMPLATES).map(dir => {
  const template = yaml.parse(readFileSync(join(TEMPLATES, dir, 'template.yaml'), 'utf8'));
  return { dir, type: template.spec.steps[0].input.spec.type as AppType, descriptions: descriptionsOf(template) };
});

describe('what the templates say about the golden path', () => {
  it.each(templates)('$dir agrees with GOLDEN_PATH', ({ type, descriptions }) => {
    expect(descriptions.length).toBeGreaterThan(0);
    expect(descriptions.flatMap(d => proseProblems(type, d).map(problem => `${d.field}: ${problem}`))).toEqual([]);
  });

  it('states the replicas, autoscaling and presets it checks', () => {
    const all = templates.flatMap(t => t.descriptions.map(d => d.text)).join('\n');
    expect(all).toMatch(/\d+\+ replicas/);
    expect(all).toMatch(/between \d+ and \d+ replicas/);
    expect(templates.every(t => t.descriptions.some(d => d.field === 'preset'))).toBe(true);
  });

  it('catches prose that disagrees', () => {
    const autoscales = 'On the golden path the app autoscales on CPU between 3 and 20 replicas at 70 %.';
    expect(proseProblems('web', { field: 'autoscaling', text: autoscales })).toEqual([]);
    expect(proseProblems('worker', { field: 'autoscaling', text: autoscales })).toEqual([
      'says a worker autoscales on the golden path; GOLDEN_PATH.autoscaling.enabledFor.worker is false',
    ]);
    expect(proseProblems('web', { field: 'autoscaling', text: 'It autoscales between 2 and 20 replicas at 70 %.' })).toHaveLength(1);
    expect(proseProblems('web', { field: 'metadata', text: 'On the golden path: 5+ replicas.' })).toHaveLength(1);
    expect(proseProblems('worker', { field: 'metadata', text: 'On the golden path: 2 replicas.' })).toHaveLength(1);
    expect(proseProblems('web', { field: 'probes', text: 'liveness /health, readiness /ready' })).toHaveLength(1);
    expect(proseProblems('web', { field: 'metadata', text: 'Each pod gets 300m CPU.' })).toEqual([
      'states "300m", which this test cannot check against GOLDEN_PATH',
    ]);
    const presets = 'small: 100m/128Mi requested, 500m/512Mi limit · medium (golden path): 250m/512Mi, 1/1Gi · large: 1/2Gi, 2/4Gi';
    expect(proseProblems('web', { field: 'preset', text: presets })).toEqual([]);
    expect(proseProblems('web', { field: 'preset', text: presets.replace('250m/512Mi', '500m/512Mi') })).toHaveLength(1);
    expect(proseProblems('web', { field: 'preset', text: presets.replace(' (golden path)', '') })).toHaveLength(1);
  });
});
