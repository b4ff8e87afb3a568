export interface Config {
  slipway?: {
    /**
     * The guard rails every deploy must pass (the form's preview, the scaffolder actions and the
     * deploy API); read by this plugin and by the scaffolder module. Absent keys keep the defaults.
     */
    guardRails?: {
      /** Image prefixes (registry host, optionally a path) images must start with, e.g. [registry.example.com/]. */
      allowedRegistries?: string[];
      /** Fewest replicas a Deployment (or its autoscaler's minimum) may have in production; 3 unless set. */
      productionMinReplicas?: number;
    };
  };
}
