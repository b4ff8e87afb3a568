export { CostChart, seriesGroups, type CostChartKind } from './CostChart';
