export interface Config {
  slipway?: {
    kubernetes?: {
      /**
       * Which of the clusters in `kubernetes.clusterLocatorMethods` (type config) Slipway works
       * with, by name, when there are several; default the first. Slipway's plugins and
       * Backstage's Kubernetes plugin read their cluster from that one setting: `url`,
       * `authProvider: serviceAccount`, `serviceAccountToken` (absent in a pod: the pod's service
       * account, token re-read as it rotates), `caFile` or `caData`, `skipTLSVerify`.
       */
      cluster?: string;
      /**
       * A file holding the chosen cluster's service-account token, used when the cluster entry has no
       * `serviceAccountToken`: read when it appears and again whenever it changes, so the backend can
       * start before the cluster is up (scripts/dev.sh sets it to the token file the local cluster writes).
       */
      tokenFile?: string;
      /**
       * Deadlines of Slipway's calls to the API server: a stalled server yields a clear error
       * within them, never a hung request. Reads and server-side applies are retried with backoff.
       */
      timeouts?: {
        /** GET of an object or a list (default 20). */
        readSeconds?: number;
        /** POST, PUT, PATCH, DELETE (default 30). */
        writeSeconds?: number;
        /** Retries of calls safe to repeat after a timeout, a dropped connection, 429 or 503 (default 2, at most 5). */
        retries?: number;
        /** How often a connection carrying watches is pinged (default 30). */
        watchPingSeconds?: number;
        /** A ping unanswered this long ends the connection; its watches start again on a new one (default 15). */
        watchPingTimeoutSeconds?: number;
      };
    };
  };
}
