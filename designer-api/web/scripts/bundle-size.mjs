// The JavaScript a first visit to a page loads, gzipped, from the build's manifest (dist/.vite/manifest.json):
// the entry chunk and its static imports, plus the page's own lazy chunk and its static imports, plus the shared texts
// (src/i18n/*.json) of one language — the larger — which the entry loads before it renders.
//   npm run build && npm run bundle-size            → the task page's figure; exit 1 above the budget
// Budget and figure: docs/performance.md.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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
  .sort((a, b) => gzipSync(readFileSync(join(dist, manifest[b].file))).length - gzipSync(readFileSync(join(dist, manifest[a].file))).length);
if (texts.length === 0) throw new Error('the manifest has no shared texts (src/i18n/*.json): build first (npm run build)');
const chunks = closure([entry, page, texts[0]]);
let raw = 0;
let gzipped = 0;
const rows = [];
for (const key of chunks) {
  const file = manifest[key].file;
  if (!file.endsWith('.js')) continue;
  const bytes = readFileSync(join(dist, file));
  const packed = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += packed;
  rows.push([file, bytes.length, packed]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const [file, size, packed] of rows) console.log(`${(packed / 1024).toFixed(1).padStart(7)} KB gz  ${(size / 1024).toFixed(1).padStart(7)} KB  ${file}`);
console.log(`task page first load: ${(gzipped / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB) in ${rows.length} files; budget ${budget / 1024} KB`);
process.exit(gzipped > budget ? 1 : 0);
