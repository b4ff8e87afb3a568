/**
 * Slipway's cost model and price sheet, shared by the costs UI and backend. Pure: no I/O.
 *
 * @packageDocumentation
 */
export * from './priceSheet';
export * from './allocation';
export * from './api';
export * from './decisionCost';
export * from './billing';
export * from './pricePeriods';
export * from './costSamples';
export * from './rollups';
export * from './rightSizing';
export * from './forecast';
export * from './allocationWindow';
export * from './money';
