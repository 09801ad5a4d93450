import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** The web UI builds into dist/web, which the API serves with an SPA fallback. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  // One ~550 kB bundle (React, uPlot, the grid layout); the chart widget is split off.
  build: {
    outDir: resolve(here, '../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:9080' } },
});
