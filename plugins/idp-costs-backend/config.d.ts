export interface Config {
  slipway?: {
    costs?: {
      /** Prices used for showback and chargeback; defaults are OpenCost's. */
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
    };
  };
}
