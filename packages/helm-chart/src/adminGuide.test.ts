import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { declaredConfigKeys, settingsNamedIn } from './configKeys';

// eslint-disable-next-line no-restricted-syntax
const REPO = resolve(__dirname, '../../..');

/** Every config.d.ts of the workspace's packages and plugins. */
function declaredSettings(): Set<string> {
  const keys = new Set<string>();
  for (const folder of ['plugins', 'packages']) {
    for (const name of readdirSync(resolve(REPO, folder))) {
      let text: string;
      try {
        text = readFileSync(resolve(REPO, folder, name, 'config.d.ts'), 'utf8');
      } catch {
        continue;
      }
      declaredConfigKeys(text).forEach(k => keys.add(k));
    }
  }
  return keys;
}

describe('docs/admin.md', () => {
  const guide = readFileSync(resolve(REPO, 'docs/admin.md'), 'utf8');

  it('names only slipway.* settings some plugin declares', () => {
    const declared = declaredSettings();
    const named = settingsNamedIn(guide);
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter(key => !declared.has(key))).toEqual([]);
  });

  it('documents every value of the chart', () => {
    const values = readFileSync(resolve(REPO, 'deploy/slipway/values.yaml'), 'utf8');
    const topLevel = [...values.matchAll(/^([A-Za-z][A-Za-z0-9]*):/gm)].map(m => m[1]);
    expect(topLevel.length).toBeGreaterThan(20);
    expect(topLevel.filter(key => !new RegExp(`\`${key}[\`.]`).test(guide))).toEqual([]);
  });
});

describe('declaredConfigKeys and settingsNamedIn', () => {
  it('reads nested, indexed and array settings, and placeholders in the guide', () => {
    const keys = declaredConfigKeys(`export interface Config {
      slipway?: {
        a?: { [type: string]: { ttl?: number; kinds?: Array<'x' | 'y'> } };
        /** docs */
        b?: Array<{ from: string }>;
      };
    }`);
    expect([...keys].sort()).toEqual(['slipway', 'slipway.a', 'slipway.a.*', 'slipway.a.*.kinds', 'slipway.a.*.ttl', 'slipway.b', 'slipway.b.from']);
    expect(settingsNamedIn('set `slipway.a.<type>.ttl` (or `slipway.b`), not slipway.c, and `x: slipway.a.<t>`')).toEqual(['slipway.a.*', 'slipway.a.*.ttl', 'slipway.b']);
  });
});
