export interface Config {
  slipway?: {
    environments?: {
      /**
       * Settings per environment type (development, preview, staging, production); each key
       * overrides Slipway's default for that type.
       */
      types?: {
        [type: string]: {
          /** Default TTL of a new environment in days; absent means it never expires. */
          ttlDays?: number;
          /** Longest TTL a developer may set, in days; tech leads may extend beyond it. Absent: ttlDays. */
          maxTtlDays?: number;
          /** Longest TTL a tech lead or platform admin may set, in days; at most 365 (also the default). */
          leadMaxTtlDays?: number;
          /** Service types apps may use in this type; anything but ClusterIP exposes the app outside the cluster. Default [ClusterIP]. */
          serviceTypes?: Array<'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'>;
          /** ResourceQuota of each environment of this type. */
          quota?: { cpu?: string; memory?: string; pods?: number };
          /**
           * The most a tech lead (or platform admin, in the portal) may raise an environment's quota to.
           * Each field defaults to 4× the type's quota; a value below the quota is a config error.
           */
          maxQuota?: { cpu?: string; memory?: string; pods?: number };
          /** LimitRange defaults for containers that declare no requests or limits (the golden path: 250m/512Mi, 1/1Gi). */
          containerDefaults?: {
            requests?: { cpu?: string; memory?: string };
            limits?: { cpu?: string; memory?: string };
          };
        };
      };
      /** Preview environments per pull request. */
      previews?: {
        /** Which team owns the previews of each repository (owner/name). */
        repositories?: Array<{ repository: string; team: string }>;
        github?: {
          /**
           * Secret of the GitHub `pull_request` webhook (POST /api/idp-environments/webhooks/github).
           * @visibility secret
           */
          webhookSecret?: string;
        };
      };
      /** The TTL and inactivity janitor. */
      janitor?: {
        /** Log what would be deleted and warned, change nothing. Default false. */
        dryRun?: boolean;
        /** How often it runs, e.g. { minutes: 15 } (default). */
        frequency?: { minutes?: number; hours?: number };
      };
    };
    /** The local control plane scripts/dev.sh builds and starts in the background. */
    localCluster?: {
      /** Its progress file (`cluster/cluster.sh env`: SLIPWAY_CLUSTER_PROGRESS), shown in the portal while it is prepared. */
      progressFile?: string;
    };
  };
}
