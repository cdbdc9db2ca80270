import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The game server the dev server proxies to (client/dev.ts sets it). */
const target = process.env.GAME_SERVER_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phaser is one big module; splitting it out keeps the app chunk small and its hash stable.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Two pages: the game (/) and the teacher console (/teacher, issue #7).
      input: { main: path.join(root, 'index.html'), teacher: path.join(root, 'teacher.html') },
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
