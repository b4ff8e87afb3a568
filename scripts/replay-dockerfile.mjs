#!/usr/bin/env node
/*
 * Replays a Dockerfile's steps without a container engine, so the file is tested and cannot rot
 * (this machine has no Docker engine). Each stage gets a directory standing for its root
 * filesystem; image paths map into it (/app -> <stage>/app). FROM must be a node:<major> image
 * whose major is this Node's; the base image's node and yarn are this Node and a yarn that, like
 * the image's, runs the yarnPath release of .yarnrc.yml. RUN runs with sh in the mapped WORKDIR
 * with the stage's ENV; `apt-get` steps are checked (each package's command must exist here)
 * instead of run; a cache mount is a symlink to a host directory (--mount-map, else one under
 * the cache). COPY honours .dockerignore. Stages other than the last are cached like Docker's
 * layer cache: keyed by their instructions and every byte they copy, only the paths later stages
 * copy from are kept.
 *
 *   node scripts/replay-dockerfile.mjs --dockerfile Dockerfile --context . --out DIR \
 *     [--cache DIR] [--mount-map /home/node/.yarn/berry=DIR] [--no-cache]
 *
 * Writes DIR/image (the last stage's root) and DIR/image.json ({ workdir, env, cmd, user }).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    dockerfile: { type: 'string', default: 'Dockerfile' },
    context: { type: 'string', default: '.' },
    out: { type: 'string' },
    cache: { type: 'string' },
    'mount-map': { type: 'string', multiple: true, default: [] },
    'no-cache': { type: 'boolean', default: false },
  },
});
const fail = message => {
  console.error(`replay-dockerfile: ${message}`);
  process.exit(1);
};
if (!args.out) fail('give --out DIR (where the stages and the image are replayed)');
const context = resolve(args.context);
const out = resolve(args.out);
const cacheDir = args.cache ? resolve(args.cache) : undefined;
const mountMap = Object.fromEntries(args['mount-map'].map(entry => entry.split('=', 2)));
const log = message => console.log(`[replay ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---- parsing -------------------------------------------------------------------------------

/** Instructions with their line numbers; continuation lines joined, comments dropped. */
function parseDockerfile(text) {
  const instructions = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending && line.trim().startsWith('#')) return;
    if (!pending) startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const [, keyword, rest] = full.match(/^(\S+)\s+([\s\S]*)$/) ?? fail(`line ${startLine}: cannot read '${full}'`);
    instructions.push({ keyword: keyword.toUpperCase(), rest: rest.trim(), line: startLine, text: full });
  });
  return instructions;
}

/** Leading `--name=value` flags of COPY and RUN. */
function takeFlags(rest) {
  const flags = {};
  let remaining = rest;
  for (;;) {
    const match = remaining.match(/^--([a-z-]+)=(\S+)\s+/);
    if (!match) return { flags, remaining };
    (flags[match[1]] ??= []).push(match[2]);
    remaining = remaining.slice(match[0].length);
  }
}

function splitStages(instructions) {
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.rest.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : `stage-${stages.length}`, image, from: instruction, steps: [] });
    } else if (!stages.length) {
      fail(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    } else {
      stages[stages.length - 1].steps.push(instruction);
    }
  }
  if (!stages.length) fail('the Dockerfile has no FROM');
  return stages;
}

// ---- .dockerignore ---------------------------------------------------------------------------

function ignoreMatcher(file) {
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, 'utf8')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(pattern => {
      if (pattern.startsWith('!')) fail(`.dockerignore: exceptions (${pattern}) are not supported by the replay; list what to leave out instead`);
      const body = pattern
        .replace(/^\/+|\/+$/g, '')
        .split('/')
        .map(part => (part === '**' ? '\u0000' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\u0000\//g, '(?:.*/)?')
        .replace(/\u0000/g, '.*');
      return new RegExp(`^${body}$`);
    });
  // A pattern matching a directory leaves out everything under it.
  return path => {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (patterns.some(pattern => pattern.test(prefix))) return true;
    }
    return false;
  };
}
const ignored = ignoreMatcher(join(context, '.dockerignore'));

// ---- files -------------------------------------------------------------------------------------

/** Every file under `path` (itself if a file), relative to `base`, that the filter keeps; sorted. */
function listFiles(path, base, keep) {
  const rel = relative(base, path).split('\\').join('/');
  if (rel && !keep(rel)) return [];
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return [rel];
  return readdirSync(path)
    .sort()
    .flatMap(entry => listFiles(join(path, entry), base, keep));
}

function hashFiles(base, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const full = join(base, file);
    const stat = lstatSync(full);
    hash.update(`${file}\0${stat.mode & 0o111 ? 'x' : '-'}\0`);
    hash.update(stat.isSymbolicLink() ? `link:${readlinkSync(full)}` : readFileSync(full));
  }
  return hash.digest('hex');
}

/**
 * One file or symlink (a link stays a link, as in a layer). The destination is replaced, never
 * written through: it may be a hard link into the step cache.
 */
function copyEntry(from, to) {
  rmSync(to, { force: true });
  if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else cpSync(from, to);
}

/** A copy of a tree made of hard links (cp -al): seconds for a node_modules, no extra space. */
function linkTree(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const result = spawnSync('cp', ['-al', from, to], { stdio: 'inherit' });
  if (result.status !== 0) fail(`cp -al ${from} ${to} failed`);
}

// ---- the replay --------------------------------------------------------------------------------

const dockerfilePath = resolve(args.dockerfile);
const stages = splitStages(parseDockerfile(readFileSync(dockerfilePath, 'utf8')));
const hostMajor = process.versions.node.split('.')[0];
const yarnShim = `#!/bin/sh
# The node image's yarn runs the release a project pins (yarnPath in .yarnrc.yml).
dir="$PWD"
while [ "$dir" != / ] && ! grep -qs '^yarnPath:' "$dir/.yarnrc.yml"; do dir="$(dirname "$dir")"; done
[ -f "$dir/.yarnrc.yml" ] || { echo "yarn: no .yarnrc.yml with yarnPath above $PWD" >&2; exit 1; }
exec node "$dir/$(sed -n 's/^yarnPath: *//p' "$dir/.yarnrc.yml")" "$@"
`;

/** Paths (in image terms) each stage is copied from by later stages: what its cache keeps. */
const exported = new Map(stages.map(stage => [stage.name, new Set()]));
for (const stage of stages) {
  for (const step of stage.steps) {
    if (step.keyword !== 'COPY') continue;
    const { flags, remaining } = takeFlags(step.rest);
    if (!flags.from) continue;
    const sources = remaining.split(/\s+/).slice(0, -1);
    if (!exported.has(flags.from[0])) fail(`line ${step.line}: COPY --from=${flags.from[0]}: no stage of that name before`);
    for (const source of sources) exported.get(flags.from[0]).add(posix.normalize(source).replace(/\/$/, ''));
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const roots = new Map();
let image;

stages.forEach((stage, index) => {
  const last = index === stages.length - 1;
  const root = last ? join(out, 'image') : join(out, 'stages', stage.name);
  roots.set(stage.name, root);
  const match = stage.image.match(/^node:(\d+)(?:-[a-z0-9.-]+)?$/);
  if (!match) fail(`line ${stage.from.line}: FROM ${stage.image}: the replay stands in only for node:<major>[-variant] images`);
  if (match[1] !== hostMajor) fail(`line ${stage.from.line}: FROM ${stage.image} is Node ${match[1]}, but the replay runs Node ${process.versions.node}; use Node ${match[1]}`);

  const state = { workdir: '/', user: 'root', env: {}, cmd: undefined };
  const key = createHash('sha256').update(stage.from.text);
  const mapped = imagePath => join(root, imagePath);
  const absolute = path => (path.startsWith('/') ? path : posix.join(state.workdir, path));

  // The base image: its node and yarn.
  const base = () => {
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    cpSync(process.execPath, join(root, 'usr/local/bin/node'));
    writeFileSync(join(root, 'usr/local/bin/yarn'), yarnShim);
    chmodSync(join(root, 'usr/local/bin/yarn'), 0o755);
    mkdirSync(join(root, 'tmp'), { recursive: true });
  };

  // Keys first (a cached stage is not run), then the steps.
  const plan = stage.steps.map(step => {
    const { flags, remaining } = takeFlags(step.rest);
    key.update(`\n${step.text}`);
    if (step.keyword === 'COPY') {
      const parts = remaining.split(/\s+/);
      const dest = parts.pop();
      // The bytes copied, as Docker's cache checks them: an earlier stage is already on disk
      // (run or restored), so a stage whose output did not change keeps this one cached.
      if (flags.from) {
        const fromRoot = roots.get(flags.from[0]);
        for (const source of parts) key.update(hashFiles(fromRoot, listFiles(join(fromRoot, posix.normalize(source)), fromRoot, () => true)));
      } else {
        for (const source of parts) key.update(hashFiles(context, listFiles(resolve(context, source), context, rel => !ignored(rel))));
      }
      return { step, flags, sources: parts, dest, stepKey: key.copy().digest('hex').slice(0, 24) };
    }
    return { step, flags, remaining, stepKey: key.copy().digest('hex').slice(0, 24) };
  });
  const stageKey = key.digest('hex').slice(0, 24);
  const cached = cacheDir && !last && !args['no-cache'] ? join(cacheDir, 'stages', `${stage.name}-${stageKey}`) : undefined;
  if (cached && existsSync(join(cached, '.complete'))) {
    log(`stage ${stage.name}: cached (${stageKey}), restoring ${[...exported.get(stage.name)].join(' ')}`);
    for (const path of exported.get(stage.name)) cpSync(join(cached, path), mapped(path), { recursive: true, verbatimSymlinks: true });
    return;
  }

  base();
  // A RUN step whose chain of instructions and copied bytes is unchanged is taken from the step
  // cache (the stage's files after it, kept as hard links), as Docker reuses a layer.
  const stepCache = cacheDir && !args['no-cache'] ? join(cacheDir, 'steps') : undefined;
  const snapshot = stepKey => join(stepCache, `${stage.name}-${stepKey}`);
  let resumeAt = 0;
  if (stepCache) {
    for (let i = plan.length - 1; i >= 0; i--) {
      if (plan[i].step.keyword === 'RUN' && existsSync(join(snapshot(plan[i].stepKey), '.complete'))) {
        rmSync(root, { recursive: true, force: true });
        linkTree(join(snapshot(plan[i].stepKey), 'root'), root);
        // WORKDIR, USER and ENV before it still apply.
        for (const { step } of plan.slice(0, i + 1)) if (['WORKDIR', 'USER', 'ENV', 'CMD'].includes(step.keyword)) apply(step);
        log(`stage ${stage.name}: steps up to line ${plan[i].step.line} from the step cache (${plan[i].stepKey})`);
        resumeAt = i + 1;
        break;
      }
    }
  }
  function apply(step) {
    if (step.keyword === 'WORKDIR') {
      state.workdir = absolute(step.rest);
      mkdirSync(mapped(state.workdir), { recursive: true });
    } else if (step.keyword === 'USER') state.user = step.rest;
    else if (step.keyword === 'ENV') {
      for (const [, name, value] of step.rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) state.env[name] = value.replace(/^"|"$/g, '');
    } else if (step.keyword === 'CMD') state.cmd = JSON.parse(step.rest);
  }

  for (const { step, flags, sources, dest, remaining, stepKey } of plan.slice(resumeAt)) {
    const started = Date.now();
    switch (step.keyword) {
      case 'WORKDIR':
      case 'USER':
      case 'ENV':
      case 'CMD':
        apply(step);
        break;
      case 'EXPOSE':
        break;
      case 'COPY': {
        const target = absolute(dest);
        const intoDirectory = dest.endsWith('/') || dest === '.' || sources.length > 1;
        for (const source of sources) {
          const from = flags.from ? join(roots.get(flags.from[0]), posix.normalize(source)) : resolve(context, source);
          if (!existsSync(from)) fail(`line ${step.line}: COPY ${source}: not found${flags.from ? ` in stage ${flags.from[0]}` : ' in the build context (or left out by .dockerignore)'}`);
          const fromRoot = flags.from ? roots.get(flags.from[0]) : context;
          const copyFrom = flags.from ? join(fromRoot, posix.normalize(source)) : from;
          if (statSync(copyFrom).isDirectory()) {
            // A directory's contents go into the destination, as Docker does.
            const keep = flags.from ? () => true : rel => !ignored(rel);
            for (const file of listFiles(copyFrom, flags.from ? fromRoot : context, keep)) {
              const inside = relative(copyFrom, join(flags.from ? fromRoot : context, file));
              mkdirSync(dirname(join(mapped(target), inside)), { recursive: true });
              copyEntry(join(copyFrom, inside), join(mapped(target), inside));
            }
          } else {
            const destination = intoDirectory ? join(mapped(target), basename(source)) : mapped(target);
            mkdirSync(dirname(destination), { recursive: true });
            copyEntry(copyFrom, destination);
          }
        }
        break;
      }
      case 'RUN':
        run(step, flags, remaining);
        // Steps that take a while are kept (one chain per stage: older snapshots of it go).
        if (stepCache && Date.now() - started > 20_000) {
          mkdirSync(stepCache, { recursive: true });
          const keep = new Set(plan.map(p => `${stage.name}-${p.stepKey}`));
          for (const entry of readdirSync(stepCache)) if (entry.startsWith(`${stage.name}-`) && !keep.has(entry)) rmSync(join(stepCache, entry), { recursive: true, force: true });
          rmSync(snapshot(stepKey), { recursive: true, force: true });
          linkTree(root, join(snapshot(stepKey), 'root'));
          writeFileSync(join(snapshot(stepKey), '.complete'), new Date().toISOString());
        }
        break;
      default:
        fail(`line ${step.line}: ${step.keyword} is not supported by the replay; keep to FROM, WORKDIR, ENV, USER, COPY, RUN, EXPOSE and CMD`);
    }
    if (step.keyword === 'RUN' || step.keyword === 'COPY') log(`stage ${stage.name}: ${step.text.slice(0, 100)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  function run(step, flags, command) {
    if (/^apt-get\b/.test(command)) {
      // The image's OS packages: this host must already have their commands.
      const packages = (command.match(/apt-get install ([^&;|]*)/)?.[1] ?? '').split(/\s+/).filter(word => word && !word.startsWith('-'));
      const missing = packages.filter(name => spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0);
      if (missing.length) fail(`line ${step.line}: the image installs ${missing.join(', ')} with apt-get; install them here too (apt-get install ${missing.join(' ')})`);
      return;
    }
    const home = state.user === 'root' ? '/root' : `/home/${state.user}`;
    const mounts = (flags.mount ?? []).map(spec => {
      const options = Object.fromEntries(spec.split(',').map(pair => pair.split('=')));
      if (options.type !== 'cache') fail(`line ${step.line}: --mount=${spec}: only cache mounts are replayed`);
      const host = mountMap[options.target] ?? (cacheDir ? join(cacheDir, 'mounts', options.target.replace(/[^A-Za-z0-9]+/g, '_')) : join(out, 'mounts', options.target.replace(/[^A-Za-z0-9]+/g, '_')));
      mkdirSync(host, { recursive: true });
      const at = mapped(options.target);
      rmSync(at, { recursive: true, force: true });
      mkdirSync(dirname(at), { recursive: true });
      symlinkSync(host, at);
      return at;
    });
    mkdirSync(mapped(home), { recursive: true });
    const env = {
      // The host's environment minus the package managers' own settings; npm_config_nodedir stays:
      // node-gyp takes Node's headers from there instead of downloading them as it would in the image.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => name === 'npm_config_nodedir' || (!name.startsWith('npm_') && !name.startsWith('YARN_') && name !== 'NODE_ENV' && name !== 'INIT_CWD')),
      ),
      ...state.env,
      HOME: mapped(home),
      PATH: `${join(root, 'usr/local/bin')}:${process.env.PATH}`,
    };
    const result = spawnSync('sh', ['-c', command], { cwd: mapped(state.workdir), env, stdio: 'inherit' });
    for (const at of mounts) rmSync(at, { force: true });
    if (result.status !== 0) fail(`line ${step.line}: RUN ${command.slice(0, 120)} failed with exit code ${result.status}`);
  }

  if (cached) {
    // One cached copy per stage: older keys of this stage go.
    mkdirSync(dirname(cached), { recursive: true });
    for (const entry of readdirSync(dirname(cached))) {
      if (entry.startsWith(`${stage.name}-`)) rmSync(join(dirname(cached), entry), { recursive: true, force: true });
    }
    for (const path of exported.get(stage.name)) cpSync(mapped(path), join(cached, path), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(cached, '.complete'), new Date().toISOString());
  }
  if (last) image = { root, workdir: state.workdir, env: state.env, cmd: state.cmd, user: state.user };
});

writeFileSync(join(out, 'image.json'), `${JSON.stringify(image, null, 2)}\n`);
log(`image replayed in ${join(out, 'image')}: WORKDIR ${image.workdir}, USER ${image.user}, CMD ${JSON.stringify(image.cmd)}`);
