import { SLIPWAY_LABEL_PREFIX } from '@internal/plugin-idp-environments-common';

/**
 * Pod annotations the local cluster's KWOK stages read (cluster/kwok/kwok.yaml) to simulate a
 * failing workload. Tests and demos set them; Slipway itself never does.
 */
export const SIMULATION_ANNOTATIONS = {
  /** Which failure to simulate: one of SIMULATED_FAILURES. */
  simulate: `${SLIPWAY_LABEL_PREFIX}simulate`,
  /** A Go duration (e.g. "1s") between a simulated failure's repeats, instead of the stage's default. */
  interval: `${SLIPWAY_LABEL_PREFIX}simulate-interval`,
} as const;

/** The failures the slipway-simulate-* stages know. */
export const SIMULATED_FAILURES = ['crash-loop', 'oom-killed', 'image-pull-error', 'readiness-failing'] as const;
export type SimulatedFailure = (typeof SIMULATED_FAILURES)[number];
