// Builds the browser app (web/ → web/dist) when it is missing or older than its sources: `npm start` runs this.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = [join(root, 'web', 'src'), join(root, 'libs', 'realtime'), join(root, 'libs', 'i18n'), join(root, 'libs', 'errors'), join(root, 'libs', 'text')];
const stale = !existsSync(built) || Math.max(...sources.map(newest), statSync(join(root, 'web', 'index.html')).mtimeMs) > statSync(built).mtimeMs;
if (stale || process.argv.includes('--force')) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
