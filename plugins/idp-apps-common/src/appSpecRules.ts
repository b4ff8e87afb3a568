import { GOLDEN_PATH } from './goldenPath';

/** A rule between fields of the app spec, at the field a form would highlight. */
export interface CrossFieldProblem {
  path: (string | number)[];
  message: string;
}

const has = (spec: Record<string, unknown>, key: string) => spec[key] !== undefined;

/**
 * The app spec's rules that span fields. Reads only presence and plain values, so it works on
 * raw input too (field errors and these rules are reported together).
 */
export function crossFieldProblems(spec: Record<string, unknown>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  if (has(spec, 'image') && has(spec, 'gitRepo')) add(['image'], 'Give either image or gitRepo + buildpack, not both');
  if (!has(spec, 'image') && !has(spec, 'gitRepo')) {
    add(['image'], 'Give an image (e.g. registry.example.com/team-a/user-service:1.4.2), or a gitRepo and buildpack to build one');
  }
  if (has(spec, 'gitRepo') && !has(spec, 'buildpack')) add(['buildpack'], 'Choose the buildpack that builds gitRepo: node, python, go or java');
  if (has(spec, 'buildpack') && !has(spec, 'gitRepo')) add(['buildpack'], 'A buildpack builds a gitRepo; remove buildpack or give gitRepo instead of image');

  const type = spec.type;
  if (type !== 'web' && type !== 'worker' && type !== 'cron') return problems;
  if (type === 'web' && !has(spec, 'port')) add(['port'], 'Give the port the web app listens on, e.g. 8080');
  if (type !== 'web' && has(spec, 'port')) add(['port'], `A ${type} serves no traffic; remove port, or make the type web`);
  if (type === 'cron' && !has(spec, 'schedule')) add(['schedule'], 'Give the cron schedule, e.g. "*/15 * * * *" for every 15 minutes');
  if (type !== 'cron' && has(spec, 'schedule')) add(['schedule'], 'Only cron jobs run on a schedule; remove schedule, or make the type cron');
  if (type !== 'web' && has(spec, 'probes')) add(['probes'], 'HTTP probes need a port, which only web apps have; remove probes');
  if (type === 'cron') {
    if (has(spec, 'autoscaling')) add(['autoscaling'], 'A cron job runs one pod per run and does not autoscale; remove autoscaling');
    if (has(spec, 'replicas')) add(['replicas'], 'A cron job runs one pod per run; remove replicas');
    return problems;
  }

  const autoscaling = spec.autoscaling as Record<string, unknown> | undefined;
  if (typeof autoscaling !== 'object' || autoscaling === null) return problems;
  if (autoscaling.enabled === true && has(spec, 'replicas')) {
    add(['replicas'], 'The autoscaler sets the number of replicas; remove replicas, or set autoscaling.enabled to false');
  }
  const min = autoscaling.minReplicas ?? GOLDEN_PATH.autoscaling.minReplicas;
  const max = autoscaling.maxReplicas ?? GOLDEN_PATH.autoscaling.maxReplicas;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    const where = autoscaling.minReplicas === undefined ? ' (the golden path minimum)' : '';
    add(['autoscaling', 'maxReplicas'], `maxReplicas ${max} is below minReplicas ${min}${where}; raise maxReplicas or lower minReplicas`);
  }
  return problems;
}
