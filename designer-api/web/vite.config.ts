import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The host (designer-api/FormFlow.Api) serves the built pages from dist/ (copied beside its binaries as web/).
// `npm run dev` serves them with hot reload and sends /api, /openapi and /api-reference to the host on port 5080
// (`dotnet run --project designer-api/FormFlow.Api`).
const host = 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // react-jsonschema-form imports a Markdown renderer that FormFlow's plain-text help never uses (src/forms/PlainText.tsx).
    alias: { 'markdown-to-jsx/react': decodeURIComponent(new URL('./src/forms/PlainText.tsx', import.meta.url).pathname) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/bundle-size.mjs reads which chunks a page loads from the manifest.
    manifest: true,
    // The bundle budget is checked by `npm run bundle-size` (docs/performance.md), not by Vite's warning.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': host,
      '/openapi': host,
      '/api-reference': host,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
