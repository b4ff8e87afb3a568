import { CacheService, CacheServiceOptions, CacheServiceSetOptions } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration, JsonValue } from '@backstage/types';
import { LRUCache } from 'lru-cache';

/** The bounds of the process's memory cache: entries and bytes over every plugin together. */
export interface MemoryCacheBounds {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_MEMORY_CACHE_BOUNDS: MemoryCacheBounds = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 };

/** Entries are stored as their JSON text: what a shared store (Redis) would hold, and measurable. */
export type MemoryCacheStore = LRUCache<string, string>;

/**
 * One least-recently-used store for every plugin of the process, bounded in entries and in bytes
 * (UTF-16 string length × 2, plus the key): Backstage's `memory` store is an unbounded Map.
 */
export function createMemoryCacheStore(bounds: MemoryCacheBounds): MemoryCacheStore {
  return new LRUCache<string, string>({
    max: bounds.maxEntries,
    maxSize: bounds.maxBytes,
    sizeCalculation: (value, key) => 2 * (value.length + key.length),
    // Expired entries are dropped when read, and are the first to go when the bounds are reached.
    ttlAutopurge: false,
    allowStale: false,
  });
}

function milliseconds(ttl: number | HumanDuration | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  return typeof ttl === 'number' ? ttl : durationToMilliseconds(ttl);
}

/** A plugin's view of the shared store: its keys are prefixed with its id, as Backstage's stores do. */
export class BoundedMemoryCache implements CacheService {
  constructor(private readonly store: MemoryCacheStore, private readonly namespace: string, private readonly defaultTtlMs?: number) {}

  async get<TValue extends JsonValue>(key: string): Promise<TValue | undefined> {
    const text = this.store.get(this.key(key));
    return text === undefined ? undefined : (JSON.parse(text) as TValue);
  }

  async set(key: string, value: JsonValue, options: CacheServiceSetOptions = {}): Promise<void> {
    const ttl = milliseconds(options.ttl) ?? this.defaultTtlMs;
    // An entry larger than the whole cache is not stored (LRUCache refuses it); reads then miss, as after an eviction.
    this.store.set(this.key(key), JSON.stringify(value), ttl ? { ttl } : {});
  }

  async delete(key: string): Promise<void> {
    this.store.delete(this.key(key));
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new BoundedMemoryCache(this.store, this.namespace, milliseconds(options.defaultTtl) ?? this.defaultTtlMs);
  }

  private key(key: string) {
    return `${this.namespace}:${key}`;
  }
}
