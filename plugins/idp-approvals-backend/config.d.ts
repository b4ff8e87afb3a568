export interface Config {
  slipway?: {
    /** Production deploy requests. */
    approvals?: {
      /** Days a request waits for its approvals, per environment type (default 7). */
      expiryDays?: { [environmentType: string]: number };
      /** Tech leads' approvals a request needs, per environment type (default 1). */
      quorum?: { [environmentType: string]: number };
    };
  };
}
