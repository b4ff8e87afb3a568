import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { BoundedMemoryCache, createMemoryCacheStore, DEFAULT_MEMORY_CACHE_BOUNDS, MemoryCacheStore } from './BoundedMemoryCache';

/**
 * `coreServices.cache` with Backstage's stores, except `memory` (the default), which here is
 * bounded: `slipway.cache.maxEntries` and `slipway.cache.maxBytes` over the whole process.
 *
 * Several replicas each keep their own memory cache: every plugin that uses the cache service
 * (e.g. the catalog's and scaffolder's lookups) treats it as a cache, never as shared state, so
 * a miss on another replica only costs a recomputation. Setting `backend.cache.store: redis`
 * (or valkey, memcache) shares it instead; no such server is part of Slipway's installation.
 */
export const boundedCacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger, plugin: coreServices.pluginMetadata },
  async createRootContext({ config, logger }): Promise<{ shared: CacheManager } | { memory: MemoryCacheStore }> {
    const store = config.getOptionalString('backend.cache.store') ?? 'memory';
    if (store !== 'memory') return { shared: CacheManager.fromConfig(config, { logger }) };
    const bounds = {
      maxEntries: config.getOptionalNumber('slipway.cache.maxEntries') ?? DEFAULT_MEMORY_CACHE_BOUNDS.maxEntries,
      maxBytes: config.getOptionalNumber('slipway.cache.maxBytes') ?? DEFAULT_MEMORY_CACHE_BOUNDS.maxBytes,
    };
    for (const [key, value] of Object.entries(bounds)) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`slipway.cache.${key} must be a positive whole number, got ${value}; fix it in app-config`);
    }
    logger.info(`Cache: in memory per process, at most ${bounds.maxEntries} entries and ${Math.round(bounds.maxBytes / 1024 / 1024)} MiB`);
    return { memory: createMemoryCacheStore(bounds) };
  },
  async factory({ plugin }, root) {
    return 'shared' in root ? root.shared.forPlugin(plugin.getId()) : new BoundedMemoryCache(root.memory, plugin.getId());
  },
});
