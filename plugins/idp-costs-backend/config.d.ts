export interface Config {
  slipway?: {
    costs?: {
      /** Current prices, over OpenCost's defaults; they apply from the beginning until a dated period starts. */
      prices?: {
        /** ISO 4217 currency code. */
        currency?: string;
        /** Price of one vCPU for one hour. */
        cpuCoreHour?: number;
        /** Price of one GiB of memory for one hour. */
        ramGiBHour?: number;
        /** Price of one GiB of persistent storage for one month. */
        storageGiBMonth?: number;
      };
      /**
       * Dated prices: each applies from `effectiveFrom` (a date such as 2026-03-01, UTC, or an RFC 3339 time) until the
       * next one; keys left out keep `prices`. Costs are computed at sample time, so a new period never rewrites history.
       */
      pricePeriods?: Array<{
        effectiveFrom: string;
        currency?: string;
        cpuCoreHour?: number;
        ramGiBHour?: number;
        storageGiBMonth?: number;
      }>;
      /** Minutes between two cost samples (one run across replicas); each sample is charged for this long. Default 5. */
      sampleIntervalMinutes?: number;
      /** Namespaces whose pods are the shared line (the platform's own cost). Default ['slipway-system', 'kube-system']. */
      platformNamespaces?: string[];
      /** When set, usage comes from this Prometheus (cAdvisor series) instead of metrics-server. */
      prometheus?: {
        /** e.g. http://prometheus.monitoring:9090 */
        url?: string;
      };
      /** Days each resolution is kept; a scheduled prune drops older rows. */
      retention?: {
        /** Raw samples. Default 2. */
        rawDays?: number;
        /** Hourly rollups (right-sizing, run-rates, short OpenCost windows). Default 35. */
        hourlyDays?: number;
        /** Daily rollups (showback, chargeback). Default 400. */
        dailyDays?: number;
      };
      /** Spread the idle and shared lines over teams in proportion to their cost (showback `spread`, chargeback). Default false. */
      spreadIdleAndShared?: boolean;
      /** Monthly budget per team, in the prices' currency, e.g. { team-a: 500 }; the team and its leads are notified once a month when the forecast passes it. */
      budgets?: { [team: string]: number };
      /** Utilisation right-sizing aims for: suggested request = p95 usage ÷ this. Between 0 and 1; default 0.7. */
      targetUtilization?: number;
    };
  };
}
