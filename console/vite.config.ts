// Builds the console into console/dist (npm run build:console): index.html and hashed assets under
// assets/, each compressible asset also written as .br and .gz for the engine to serve precompressed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
// CONSOLE_OUT_DIR: another folder (a second checkout's test run must not rebuild this one's files).
const outDir = process.env.CONSOLE_OUT_DIR ?? join(root, 'dist');
const COMPRESSIBLE = /\.(js|css|svg|json|html|txt)$/;

function precompress(): Plugin {
  return {
    name: 'console-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!COMPRESSIBLE.test(name)) {
          continue;
        }
        const file = join(assets, name);
        const body = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/console/',
  publicDir: false,
  // JSX by Vite's own transform (oxc), automatic runtime: no React plugin needed (no fast refresh in the build).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    rolldownOptions: {
      // React Aria and react-intl mark their modules "use client" (for React Server Components); moot here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Fonts as files, never data: URIs (the CSP's font-src is 'self').
    assetsInlineLimit: 0,
    // The polyfill would be an inline script; the console's CSP allows only script-src 'self'.
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  plugins: [precompress()],
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000', '/docs-json': 'http://127.0.0.1:3000' },
  },
});
