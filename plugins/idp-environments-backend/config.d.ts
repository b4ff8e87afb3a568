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
          /** Longest TTL a developer may set, in days; tech leads may extend beyond it. */
          maxTtlDays?: number;
          /** ResourceQuota of each environment of this type. */
          quota?: { cpu?: string; memory?: string; pods?: number };
        };
      };
    };
  };
}
