import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by scripts/ensure.mjs (run from this folder) into dist/web, which the hub serves at `/`.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npx vite` here for a dev server in front of a hub on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
