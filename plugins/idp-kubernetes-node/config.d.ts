export interface Config {
  slipway?: {
    kubernetes?: {
      /**
       * kubeconfig of the portal's own service identity (which may impersonate users and
       * groups). Absent: the in-cluster service account, else $KUBECONFIG, else ~/.kube/config.
       */
      kubeconfigPath?: string;
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
      };
    };
  };
}
