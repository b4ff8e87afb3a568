import { BoundedMemoryCache, createMemoryCacheStore } from './BoundedMemoryCache';

describe('BoundedMemoryCache', () => {
  it('keeps at most maxEntries over every plugin, forgetting the least recently used first', async () => {
    const store = createMemoryCacheStore({ maxEntries: 3, maxBytes: 1_000_000 });
    const catalog = new BoundedMemoryCache(store, 'catalog');
    const scaffolder = new BoundedMemoryCache(store, 'scaffolder');
    await catalog.set('a', 1);
    await scaffolder.set('a', 2);
    await catalog.set('b', { n: 3 });
    expect(await catalog.get('a')).toBe(1); // now the most recently used
    await catalog.set('c', [4]);
    expect(store.size).toBe(3);
    expect(await scaffolder.get('a')).toBeUndefined();
    expect(await catalog.get('a')).toBe(1);
    expect(await catalog.get('c')).toEqual([4]);
  });

  it('keeps at most maxBytes, and does not store an entry larger than the whole cache', async () => {
    const store = createMemoryCacheStore({ maxEntries: 1000, maxBytes: 10_000 });
    const cache = new BoundedMemoryCache(store, 'search');
    for (let i = 0; i < 100; i++) await cache.set(`k${i}`, 'x'.repeat(500));
    expect(store.calculatedSize).toBeLessThanOrEqual(10_000);
    expect(store.size).toBeLessThan(100);
    await cache.set('huge', 'x'.repeat(20_000));
    expect(await cache.get('huge')).toBeUndefined();
  });

  it('expires entries after their TTL or the default TTL, and deletes', async () => {
    const store = createMemoryCacheStore({ maxEntries: 10, maxBytes: 10_000 });
    const cache = new BoundedMemoryCache(store, 'auth').withOptions({ defaultTtl: 40 });
    await cache.set('short', 'v');
    await cache.set('long', 'v', { ttl: { minutes: 1 } });
    await cache.set('gone', 'v');
    await cache.delete('gone');
    expect(await cache.get('gone')).toBeUndefined();
    await new Promise(resolve => setTimeout(resolve, 80));
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBe('v');
  });
});
