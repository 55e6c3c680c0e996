#!/usr/bin/env node
// Makes a fresh clone runnable with no other step: installs dependencies when the lock file
// changed, compiles TypeScript when a source is newer than the last build, and builds the
// embedded FerretDB once into a cache folder. Plain Node with no dependencies, because it
// runs before node_modules exists. Each step is a cheap check when there is nothing to do.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ferretdbBinaryPath, FERRETDB_BUILD, FERRETDB_VERSION } from './ferretdb-path.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

function run(cmd, argv, options = {}) {
  const res = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...options });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    console.error(`switchboard: \`${cmd} ${argv.join(' ')}\` failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
  return res;
}

function hashFile(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function ensureDeps() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.switchboard-deps');
  const want = existsSync(lock) ? hashFile(lock) : hashFile(join(root, 'package.json'));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.log('switchboard: installing dependencies...');
  run('npm', existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  writeFileSync(stamp, existsSync(lock) ? hashFile(lock) : hashFile(join(root, 'package.json')));
}

const SOURCE_DIRS = ['protocol', 'server', 'client', 'scripts', 'test'];

function newestSourceMtime(dir, pattern = /\.(ts|tsx|json)$/) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full, pattern));
    else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(
    ...SOURCE_DIRS.map((d) => newestSourceMtime(join(root, d))),
    ...['tsconfig.json', 'package-lock.json'].filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs),
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  console.log('switchboard: compiling TypeScript...');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}

// The browser app (client/web: React + Vite) into dist/web, which the hub serves at `/`. It is
// type-checked with its own tsconfig (DOM, JSX, bundler resolution), then bundled; both only when
// a file it is built from (its sources, the SDK, the protocol, the lock file) is newer than the build.
const WEB_SOURCES = ['client/web', 'client/sdk', 'protocol'];
const WEB_FILES = /\.(ts|tsx|json|css|html)$/;

function ensureWeb() {
  const stamp = join(root, 'dist', 'web', '.build-stamp');
  const sources = Math.max(
    ...WEB_SOURCES.map((d) => newestSourceMtime(join(root, d), WEB_FILES)),
    ...['package-lock.json'].filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs),
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  console.log('switchboard: building the web client...');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join('client', 'web', 'tsconfig.json')]);
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: join(root, 'client', 'web') });
  writeFileSync(stamp, new Date().toISOString());
}

// The browser tests drive Debian's Chromium (/usr/bin/chromium) through playwright-core, which
// downloads no browser of its own (CHROMIUM_PATH points elsewhere). Installed once with apt-get
// when missing and we are root.
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    console.error('switchboard: the browser tests need Chromium at /usr/bin/chromium: `sudo apt-get install -y chromium`.');
    process.exit(1);
  }
  console.log('switchboard: installing Chromium for the browser tests (apt-get, once)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
}

// `go install ...@v1.24.2` produces a binary that panics at start because the module zip
// lacks build/version/version.txt (FerretDB writes it in its own release pipeline). So we
// fetch the same module through the Go proxy, add that one file, and build its cmd/ferretdb.
//
// One patch, too: the SQLite backend filters `_id` as `_ferretdb_sjson->'$._id'` but builds the
// `_id` index on `_ferretdb_sjson->"_id"`. SQLite cannot match the two, so every lookup by `_id`
// scanned its whole collection (chunk reads of artifacts grew with the store). Both forms extract
// the same JSON field (SQLite reads a label as `$.label`); the patched filter matches the index.
const ID_FILTER_FILE = join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go');
const ID_FILTER_FROM = `IDColumn = DefaultColumn + "->'$._id'"`;
const ID_FILTER_TO = `IDColumn = DefaultColumn + "->'_id'"`;

function patchIdFilter(work) {
  const file = join(work, ID_FILTER_FILE);
  const source = readFileSync(file, 'utf8');
  if (!source.includes(ID_FILTER_FROM)) {
    console.error(`switchboard: ${ID_FILTER_FILE} of FerretDB ${FERRETDB_VERSION} is not as expected; not building a database we did not check.`);
    process.exit(1);
  }
  writeFileSync(file, source.replace(ID_FILTER_FROM, ID_FILTER_TO));
}

function ensureFerretdb() {
  if (process.env.MONGODB_URI && !args.has('--ferretdb-always')) return;
  const bin = ferretdbBinaryPath();
  if (existsSync(bin)) return;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    console.error(
      'switchboard: no database. Set MONGODB_URI to a MongoDB 6+ or FerretDB server, or install Go so the embedded FerretDB can be built.',
    );
    process.exit(1);
  }
  console.log(`switchboard: building the embedded FerretDB ${FERRETDB_BUILD} (once, about a minute)...`);
  const dl = spawnSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (dl.status !== 0) {
    console.error(dl.stderr);
    console.error('switchboard: could not fetch FerretDB through the Go module proxy. Set MONGODB_URI instead.');
    process.exit(1);
  }
  const srcDir = JSON.parse(dl.stdout).Dir;
  const work = join(dirname(bin), 'src');
  mkdirSync(dirname(bin), { recursive: true });
  run('rm', ['-rf', work]);
  run('cp', ['-r', srcDir, work]);
  run('chmod', ['-R', 'u+w', work]);
  writeFileSync(join(work, 'build', 'version', 'version.txt'), `${FERRETDB_BUILD}\n`);
  patchIdFilter(work);
  run('go', ['build', '-o', `${bin}.tmp`, './cmd/ferretdb'], { cwd: work, env: { ...process.env, CGO_ENABLED: '0' } });
  run('mv', [`${bin}.tmp`, bin]);
  run('rm', ['-rf', work]);
}

ensureDeps();
ensureWeb();
if (args.has('--build')) ensureBuild();
if (args.has('--browser')) ensureChromium();
if (args.has('--ferretdb')) ensureFerretdb();
