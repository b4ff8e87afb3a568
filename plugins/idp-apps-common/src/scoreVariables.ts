import type { FieldError } from '@internal/plugin-idp-environments-common';
import type { EnvironmentVariable } from './appSpec';

/** What the Score variables of one container become. */
export interface ScoreVariables {
  variables: EnvironmentVariable[];
  /** Names of the Score resources whose outputs were read (as Secrets). */
  usedResources: Set<string>;
  errors: FieldError[];
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * Score placeholders: `${metadata.name}` is the app's name; a value that is exactly
 * `${resources.<resource>.<key>}` reads key <key> of the Secret <resource> (Slipway provisions no
 * resources; their outputs are Secrets of the environment). `$${` is a literal `${`.
 */
export function convertScoreVariables(
  variables: Record<string, unknown>,
  context: { appName: string; resources: string[]; path: string },
): ScoreVariables {
  const result: ScoreVariables = { variables: [], usedResources: new Set(), errors: [] };
  for (const [name, raw] of Object.entries(variables)) {
    const field = `${context.path}.${name}`;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      result.errors.push({ field, message: 'Give the value as text, e.g. "info"' });
      continue;
    }
    const text = String(raw);
    const whole = /^\$\{resources\.([^.}]+)\.([^}]+)\}$/.exec(text);
    if (whole) {
      const [, resource, key] = whole;
      if (!context.resources.includes(resource)) {
        result.errors.push({ field, message: `${text} reads resource ${resource}, which is not declared; add it under resources or fix the name` });
        continue;
      }
      result.usedResources.add(resource);
      result.variables.push({ name, valueFrom: `secret/${resource}/${key}` });
      continue;
    }
    // Split on the escape first, so `$${x}` stays a literal and is not read as a placeholder.
    const pieces = text.split('$${');
    let problem: string | undefined;
    const substituted = pieces
      .map(piece =>
        piece.replace(PLACEHOLDER, (match, expression: string) => {
          if (expression === 'metadata.name') return context.appName;
          problem ??= expression.startsWith('resources.')
            ? `${match} is only part of the value; Slipway passes a resource output whole. Store the full value in a secret and refer to it alone, e.g. \${resources.${expression.split('.')[1]}.${name.toLowerCase()}}`
            : `${match} is not a placeholder Slipway knows; use \${metadata.name} or \${resources.<name>.<key>}`;
          return match;
        }),
      )
      .join('${');
    if (problem) result.errors.push({ field, message: problem });
    else result.variables.push({ name, value: substituted });
  }
  return result;
}
