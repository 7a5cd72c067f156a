// Writes each built asset (dist/assets: scripts, styles, texts) compressed beside itself, NAME.br (Brotli, quality 11)
// and NAME.gz (gzip, level 9), which the host sends to a browser that accepts them (designer-api/FormFlow.Api/Web/
// CompressedAssets.cs). Compressed once here, at the highest levels, rather than by the host on every request.
//   npm run build   (runs it after vite build)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'assets');
// Text formats only: fonts and pictures are compressed already.
const compressible = new Set(['.js', '.css', '.json', '.svg', '.html', '.txt']);

let files = 0;
let raw = 0;
let brotli = 0;
let gzip = 0;
for (const name of readdirSync(assets)) {
  if (!compressible.has(extname(name))) continue;
  const path = join(assets, name);
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  // A file too small to gain is sent as it is: the host sends a compressed file only where there is one.
  if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
  files += 1;
  raw += bytes.length;
  brotli += Math.min(br.length, bytes.length);
  gzip += Math.min(gz.length, bytes.length);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`compressed ${files} assets: ${kb(raw)} → ${kb(brotli)} Brotli, ${kb(gzip)} gzip`);
