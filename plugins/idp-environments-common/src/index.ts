/**
 * Environment rules shared by the Slipway environments UI, backend and scaffolder actions.
 * Pure: no I/O, so every caller agrees by construction.
 *
 * @packageDocumentation
 */
export * from './environmentTypes';
export * from './naming';
