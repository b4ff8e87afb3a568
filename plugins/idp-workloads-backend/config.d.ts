export interface Config {
  slipway?: {
    workloads?: {
      logs?: {
        /** Live log follows: each holds a stream from the API server open while it runs. */
        follow?: {
          /** Follows one person may have open at once (default 5); more get 429. */
          maxPerUser?: number;
          /** Follows the backend serves at once (default 200); more get 429. */
          maxTotal?: number;
          /** How long one follow runs (default 30); the page then follows again from its last line. */
          maxMinutes?: number;
          /** A longer log line is cut with a note (default 16384). */
          maxLineBytes?: number;
        };
      };
      /** How often pod usage is sampled from metrics-server for the last hour's charts; 30 unless set. */
      metricsIntervalSeconds?: number;
      /** Request rate, errors and latency come from Prometheus when this is set; the panel says how to enable it otherwise. */
      prometheus?: {
        /** Prometheus's address, e.g. http://prometheus.monitoring:9090. */
        url: string;
        /** How long one query may take; 5 unless set. */
        timeoutSeconds?: number;
        /**
         * PromQL per signal, replacing the defaults (http_requests_total and
         * http_request_duration_seconds, labelled namespace and pod). Placeholders:
         * {{namespace}}, {{workload}}, {{pods}} (an anchored pattern of the workload's pods).
         */
        queries?: {
          requestRate?: string;
          errorRate?: string;
          latencyP95Seconds?: string;
        };
      };
    };
  };
}
