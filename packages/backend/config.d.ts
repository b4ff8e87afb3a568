export interface Config {
  slipway?: {
    /**
     * The cache service when `backend.cache.store` is `memory` (the default): one LRU per backend
     * process, over every plugin (packages/backend/src/cache).
     */
    cache?: {
      /** Entries kept at most; the least recently used go first. Default 10000. */
      maxEntries?: number;
      /** Bytes kept at most (keys and JSON values as UTF-16). Default 67108864 (64 MiB). */
      maxBytes?: number;
    };
  };
}
