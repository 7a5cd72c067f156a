// The JavaScript a first visit to a page loads, as the host sends it: the files scripts/compress.mjs wrote beside each
// chunk (NAME.gz for a browser that takes gzip, NAME.br for one that takes Brotli), from the build's manifest
// (dist/.vite/manifest.json): the entry chunk and its static imports, plus the page's own lazy chunk and its static
// imports, plus the shared texts (src/i18n/*.json) of one language — the larger — which the entry loads before it renders.
//   npm run build && npm run bundle-size            → the task page's figure; exit 1 above the budget (gzip)
// Budget and figure: docs/performance.md.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const budget = 400 * 1024;

function closure(keys, into = new Set()) {
  for (const key of keys) {
    if (into.has(key)) continue;
    into.add(key);
    closure(manifest[key]?.imports ?? [], into);
  }
  return into;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const page = Object.keys(manifest).find((key) => key.endsWith('src/tasks/TaskPage.tsx'));
if (!entry || !page) throw new Error('the manifest has no entry or no task page chunk: build first (npm run build)');
const texts = ['zh-CN', 'en']
  .map((language) => Object.keys(manifest).find((key) => key.endsWith(`src/i18n/${language}.json`)))
  .filter((key) => key !== undefined)
  .sort((a, b) => sent(manifest[b].file, '.gz') - sent(manifest[a].file, '.gz'));
if (texts.length === 0) throw new Error('the manifest has no shared texts (src/i18n/*.json): build first (npm run build)');
const chunks = closure([entry, page, texts[0]]);
let raw = 0;
let gzipped = 0;
let brotli = 0;
const rows = [];
for (const key of chunks) {
  const file = manifest[key].file;
  if (!file.endsWith('.js')) continue;
  const size = statSync(join(dist, file)).size;
  const gz = sent(file, '.gz');
  const br = sent(file, '.br');
  raw += size;
  gzipped += gz;
  brotli += br;
  rows.push([file, size, gz, br]);
}
rows.sort((a, b) => b[2] - a[2]);
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
for (const [file, size, gz, br] of rows) console.log(`${kb(gz)} KB gz ${kb(br)} KB br ${kb(size)} KB  ${file}`);
console.log(`task page first load: ${kb(gzipped).trim()} KB gzipped, ${kb(brotli).trim()} KB Brotli (${kb(raw).trim()} KB) in ${rows.length} files; budget ${budget / 1024} KB gzipped`);
process.exit(gzipped > budget ? 1 : 0);

// The bytes the host sends for FILE to a browser taking the coding of SUFFIX: the compressed file where there is one,
// else the file itself (too small to gain). A build without the compressed files is not what ships.
function sent(file, suffix) {
  const path = join(dist, file);
  if (existsSync(path + suffix)) return statSync(path + suffix).size;
  const size = statSync(path).size;
  if (size > 1024) throw new Error(`${file} has no ${suffix} beside it: run scripts/compress.mjs after vite build (npm run build does)`);
  return size;
}
