import { z } from 'zod/v3';
import type { EnvironmentType, FieldError } from '@internal/plugin-idp-environments-common';
import { APP_TYPES } from './appSpec';
import { parseManifestsYaml, yamlSizeProblem } from './expertYaml';
import type { GuardRailResult } from './guardRails';

/** How deep the spec of a preview request may nest; an app spec is a few levels deep. */
export const MAX_SPEC_DEPTH = 16;

/** Whether JSON-like data nests deeper than `max`, found without recursion (so without running out of stack). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

/** `POST /api/idp-apps/preview`: what the form has so far; the spec is judged, not this envelope. */
export const appPreviewRequestSchema = z.object({
  spec: z
    .record(z.unknown(), { required_error: 'Send the app spec as spec', invalid_type_error: 'Send the app spec as an object' })
    .refine(spec => !nestsDeeperThan(spec, MAX_SPEC_DEPTH), `The app spec nests deeper than ${MAX_SPEC_DEPTH} levels; send the form's values as they are`),
  environment: z.string({ invalid_type_error: 'Send the environment name as text' }).default(''),
  // Expert YAML over YAML_LIMITS is refused with the request; mistakes within them are the preview's field errors.
  expertYaml: z
    .string({ invalid_type_error: 'Send the edited YAML as text' })
    .superRefine((text, ctx) => {
      if (!text.trim()) return;
      const parsed = parseManifestsYaml(text);
      if (parsed.success || !parsed.overLimit) return;
      for (const error of parsed.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [error.field], message: error.message });
    })
    .optional(),
});
export type AppPreviewRequest = z.input<typeof appPreviewRequestSchema>;

/** The preview's note for a production environment: Create files a deploy request instead of deploying. */
export function productionRequestNote(team: string): string {
  return `This creates a deploy request; a tech lead of ${team} approves it`;
}

/**
 * What the app would become: field errors when it cannot be rendered yet, otherwise the
 * manifests and the guard rails' verdict for the chosen environment, and notes that do not
 * block Create (production: it becomes a deploy request).
 */
export interface AppPreview {
  errors: FieldError[];
  notes?: string[];
  environment?: { namespace: string; type: EnvironmentType };
  /** The manifests as YAML, exactly what a deploy would apply. */
  manifests?: string;
  guardRails?: GuardRailResult;
}

/** `POST /api/idp-apps/score-import`: a score.yaml plus what Score does not say. */
export const scoreImportRequestSchema = z.object({
  score: z
    .string({ required_error: 'Send the score.yaml text as score', invalid_type_error: 'Send the score.yaml text as score' })
    .min(1, 'Send the score.yaml text as score')
    .superRefine((text, ctx) => {
      const tooLarge = yamlSizeProblem(text, 'The Score file');
      if (tooLarge) ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooLarge });
    }),
  team: z.string({ required_error: 'Name the team that owns the app, e.g. team-a', invalid_type_error: 'Name the team that owns the app, e.g. team-a' }).min(1, 'Name the team that owns the app, e.g. team-a'),
  type: z.enum(APP_TYPES, { errorMap: () => ({ message: `Say what kind of app it is: ${APP_TYPES.join(', ')}` }) }),
  schedule: z.string({ invalid_type_error: 'Give the schedule as text, e.g. "0 3 * * *"' }).optional(),
});
export type ScoreImportRequest = z.infer<typeof scoreImportRequestSchema>;
