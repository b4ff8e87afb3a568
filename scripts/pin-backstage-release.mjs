#!/usr/bin/env node
// Pins every @backstage/* package, direct or transitive, to one Backstage release.
// The registry here has no release manifest, so the release is reconstructed: the seed is the
// version list embedded in @backstage/create-app (one release), and each other @backstage
// package takes the highest lower bound that packages of the release ask for (a release
// publishes its packages with `^<version in that release>` of their siblings).
// Usage: node scripts/pin-backstage-release.mjs <create-app version>   (rewrites package.json resolutions)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const createAppVersion = process.argv[2];
if (!createAppVersion) {
  console.error('usage: pin-backstage-release.mjs <@backstage/create-app version>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'create-app-'));
execFileSync('npm', ['pack', `@backstage/create-app@${createAppVersion}`, '--pack-destination', dir], { stdio: 'ignore' });
execFileSync('tar', ['xzf', join(dir, `backstage-create-app-${createAppVersion}.tgz`), '-C', dir]);
const { packageVersions } = createRequire(import.meta.url)(join(dir, 'package/dist/lib/versions.cjs.js'));
const release = packageVersions.root;

const pinned = new Map(Object.entries(packageVersions).filter(([name]) => name.startsWith('@backstage/')));
const lowerBound = range => range.replace(/^[\^~]/, '');
const cmp = (a, b) => {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
};

const depsCache = new Map();
function depsOf(name, version) {
  const key = `${name}@${version}`;
  if (!depsCache.has(key)) {
    const out = execFileSync('npm', ['view', key, 'dependencies', '--json'], { encoding: 'utf8' }).trim();
    depsCache.set(key, out ? JSON.parse(out) : {});
  }
  return depsCache.get(key);
}

// Fixed point: visit every pinned package, raise transitive pins to the highest lower bound seen.
let changed = true;
while (changed) {
  changed = false;
  for (const [name, version] of [...pinned]) {
    for (const [dep, range] of Object.entries(depsOf(name, version))) {
      if (!dep.startsWith('@backstage/') || !/^[\^~]?\d/.test(range)) continue;
      const wanted = lowerBound(range);
      if (packageVersions[dep]) continue; // the seed is authoritative
      const current = pinned.get(dep);
      if (!current || cmp(wanted, current) > 0) {
        pinned.set(dep, wanted);
        changed = true;
      }
    }
  }
}

const pkgPath = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const others = Object.fromEntries(Object.entries(pkg.resolutions ?? {}).filter(([n]) => !n.startsWith('@backstage/')));
pkg.resolutions = { ...others, ...Object.fromEntries([...pinned].sort(([a], [b]) => a.localeCompare(b))) };
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(new URL('../backstage.json', import.meta.url), `${JSON.stringify({ version: release }, null, 2)}\n`);
console.log(`pinned ${pinned.size} @backstage packages to release ${release}`);
