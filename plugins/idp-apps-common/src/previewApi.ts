import { z } from 'zod';
import type { EnvironmentType, FieldError } from '@internal/plugin-idp-environments-common';
import { APP_TYPES } from './appSpec';
import type { GuardRailResult } from './guardRails';

/** `POST /api/idp-apps/preview`: what the form has so far; the spec is judged, not this envelope. */
export const appPreviewRequestSchema = z.object({
  spec: z.record(z.unknown(), { required_error: 'Send the app spec as spec', invalid_type_error: 'Send the app spec as an object' }),
  environment: z.string({ invalid_type_error: 'Send the environment name as text' }).default(''),
  expertYaml: z.string({ invalid_type_error: 'Send the edited YAML as text' }).optional(),
});
export type AppPreviewRequest = z.input<typeof appPreviewRequestSchema>;

/**
 * What the app would become: field errors when it cannot be rendered yet, otherwise the
 * manifests and the guard rails' verdict for the chosen environment.
 */
export interface AppPreview {
  errors: FieldError[];
  environment?: { namespace: string; type: EnvironmentType };
  /** The manifests as YAML, exactly what a deploy would apply. */
  manifests?: string;
  guardRails?: GuardRailResult;
}

/** `POST /api/idp-apps/score-import`: a score.yaml plus what Score does not say. */
export const scoreImportRequestSchema = z.object({
  score: z.string({ required_error: 'Send the score.yaml text as score' }).min(1, 'Send the score.yaml text as score'),
  team: z.string({ required_error: 'Name the team that owns the app, e.g. team-a' }).min(1, 'Name the team that owns the app, e.g. team-a'),
  type: z.enum(APP_TYPES, { errorMap: () => ({ message: `Say what kind of app it is: ${APP_TYPES.join(', ')}` }) }),
  schedule: z.string().optional(),
});
export type ScoreImportRequest = z.infer<typeof scoreImportRequestSchema>;
