import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants as zlib } from 'node:zlib';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The game server the dev server proxies to (client/dev.ts sets it). */
const target = process.env.GAME_SERVER_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  publicDir: 'public',
  plugins: [
    // Precompressed siblings (x.js.br, x.js.gz) made once at build time, at the highest levels
    // (too slow per request, free here), and served by server/http/static-client.ts according
    // to Accept-Encoding (issue 12: thirty phones on one school Wi-Fi). The originals stay for
    // clients that accept neither. Fonts (woff2) are compressed already and left out.
    compression({
      include: /\.(js|mjs|css|html|svg|json)$/,
      threshold: 0,
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phaser is one big module; splitting it out keeps the app chunk small and its hash stable.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Three pages: the game (/), the teacher console (/teacher, issue #7) and the replay and
      // projector view (/replay.html, issue 14).
      input: { main: path.join(root, 'index.html'), teacher: path.join(root, 'teacher.html'), replay: path.join(root, 'replay.html') },
      // Brotli at maximum quality takes a second or two for the Phaser chunk, on purpose: not
      // worth a "slow plugin" warning in every `npm start`.
      checks: { bundlerTimings: false },
      output: {
        manualChunks(id: string) {
          return id.includes('node_modules/phaser') ? 'phaser' : undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/socket.io': { target, ws: true, changeOrigin: true },
      '/api': { target, changeOrigin: true },
      '/healthz': { target, changeOrigin: true },
    },
  },
});
