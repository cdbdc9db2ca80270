import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** One year: Vite names every built asset by its content hash, so a URL never changes meaning. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages are revalidated every time (ETag), so a deploy shows up on the next load. */
const REVALIDATE = 'no-cache';
const TEACHER_PAGE = 'teacher.html';

export function defaultClientDist(): string {
  return path.resolve(import.meta.dirname, '../../client/dist');
}

/**
 * Serves the built client. @fastify/static resolves paths inside `root` only (no `..` escapes)
 * and answers conditional requests with 304 from ETag / Last-Modified.
 *
 * Compression (issue 12): the build leaves `x.br` and `x.gz` beside each text asset
 * (client/vite.config.ts); `preCompressed` picks the best one the request's Accept-Encoding
 * allows (br, then gzip), falls back to the original, and always answers `Vary:
 * Accept-Encoding` so a shared cache keeps the variants apart (RFC 9110 §12.5.3). Nothing is
 * compressed per request.
 */
export async function registerStaticClient(app: FastifyInstance, clientDist: string): Promise<boolean> {
  if (!existsSync(path.join(clientDist, 'index.html'))) {
    app.get('/', async (_request, reply) => {
      reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE);
      return notBuiltPage;
    });
    return false;
  }
  await app.register(fastifyStatic, {
    root: clientDist,
    etag: true,
    lastModified: true,
    cacheControl: false,
    dotfiles: 'deny',
    preCompressed: true,
    setHeaders(reply, filePath) {
      const relative = path.relative(clientDist, filePath).split(path.sep).join('/');
      reply.header('cache-control', relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    },
  });
  // The teacher console (issue #7) at a clean path; sendFile goes through the same setHeaders,
  // so it gets the page policy (no-cache + ETag) like index.html.
  if (existsSync(path.join(clientDist, TEACHER_PAGE))) {
    app.get('/teacher', (_request, reply) => reply.sendFile(TEACHER_PAGE));
  }
  return true;
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Roundtrip</title></head>
<body><h1>Roundtrip server is running</h1>
<p>The browser client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>
<p>The socket.io endpoint and <code>/api/rooms</code> work already.</p></body></html>`;
