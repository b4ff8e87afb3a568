export interface Config {
  slipway?: {
    secrets?: {
      /** Where team secrets are stored: Kubernetes Secrets in the environment's namespace (default). */
      store?: 'kubernetes';
    };
  };
}
