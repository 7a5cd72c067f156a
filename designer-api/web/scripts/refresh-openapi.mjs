// Refreshes openapi/v1.json — the document the API client is generated from — from the host as it is now:
// starts it (dotnet run, Development, a throw-away SQLite database, a free port), reads /openapi/v1.json,
// writes it without its `servers` (they name the port), and stops it.
//   npm run refresh-openapi            (in designer-api/web)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const project = join(web, '..', 'FormFlow.Api');
const data = mkdtempSync(join(tmpdir(), 'formflow-openapi-'));
const host = spawn('dotnet', ['run', '--project', project, '--no-launch-profile', '--', '--urls', 'http://127.0.0.1:0'], {
  env: {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Development',
    FormFlow__Database__Provider: 'Sqlite',
    FormFlow__Database__ConnectionString: `Data Source=${join(data, 'formflow.db')}`,
    FormFlow__Workers__Enabled: 'false',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});

const stop = (code) => {
  host.kill();
  rmSync(data, { recursive: true, force: true });
  process.exit(code);
};

let seen = '';
host.stdout.on('data', async (chunk) => {
  seen += chunk.toString();
  const ready = /is ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
  if (!ready || seen === 'done') return;
  seen = 'done';
  try {
    const response = await fetch(`${ready[1]}/openapi/v1.json`);
    if (!response.ok) throw new Error(`GET /openapi/v1.json answered ${response.status}`);
    const document = await response.json();
    delete document.servers;
    writeFileSync(join(web, 'openapi', 'v1.json'), JSON.stringify(document, null, 2) + '\n');
    console.log('openapi/v1.json refreshed; the next build regenerates src/api/generated/schema.ts');
    stop(0);
  } catch (error) {
    console.error(error);
    stop(1);
  }
});
host.on('exit', (code) => {
  if (seen !== 'done') {
    console.error(`the host stopped (exit code ${code}) before it was ready`);
    rmSync(data, { recursive: true, force: true });
    process.exit(1);
  }
});
