import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser app: Preact (JSX compiled by esbuild, no plugin needed), served by Nest from web/dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: {
      '@lib': fileURLToPath(new URL('../libs', import.meta.url)),
      react: 'preact/compat',
    },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
});
