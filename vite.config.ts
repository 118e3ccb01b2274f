/**
 * Builds the Zendesk app's two locations into dist/app/assets/ (sidebar.html, team.html and hashed
 * JS beside them), which scripts/package-app.ts zips as the app package's assets/ folder.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const entries = path.resolve(__dirname, 'src/app/entries');

// Tests build into a temporary folder so they never race a build someone else is serving.
const APP_BUILD_DIR = process.env.CES_APP_BUILD_DIR ?? path.resolve(__dirname, 'dist/app');

export default defineConfig({
  root: entries,
  // Relative URLs: Zendesk serves the assets from its own CDN path, the sandbox from another.
  base: './',
  // The app's static assets (logos, nav bar icon) are copied next to the built pages.
  publicDir: path.resolve(__dirname, 'assets'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.join(APP_BUILD_DIR, 'assets'),
    emptyOutDir: true,
    assetsDir: '.',
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        sidebar: path.join(entries, 'sidebar.html'),
        team: path.join(entries, 'team.html'),
      },
      output: {
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
        assetFileNames: '[name]-[hash][extname]',
      },
    },
  },
  logLevel: 'warn',
});
