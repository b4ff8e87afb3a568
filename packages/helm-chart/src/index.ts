/**
 * Slipway's Helm chart (deploy/slipway) from TypeScript: the cluster setup it installs, rendered from the access
 * table, the pinned helm and kubeconform, and kubeconform schemas generated from an API server's OpenAPI document.
 *
 * @packageDocumentation
 */
export { CHART_IDENTITY_PLACEHOLDERS, chartClusterSetup } from './chartClusterSetup';
export { CHART_CLUSTER_SETUP_FILE, CHART_DIR, CHART_VALUE_SETS_DIR, ensureHelmTools, runTool, type HelmTools } from './helmTools';
export { kubeconformSchemaFile, kubeconformSchemas, type GroupVersionKind, type OpenApiV2 } from './openApiSchemas';
