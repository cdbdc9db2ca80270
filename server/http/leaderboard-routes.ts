import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoomBoard } from '../cluster/standings';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import type { CachedResponse } from '../cluster/cache-store';
import { isNotModified, type ResponseCache } from './response-cache';
import { apiError } from './rooms-routes';

/** Top entries in the overall board. */
const OVERALL_TOP = 50;

/**
 * Leaderboards: cacheable, stateless responses. A browser revalidates (`no-cache` means "ask
 * first", RFC 9111 §5.2.2.4) and gets 304 while nothing changed; the body itself comes from a
 * server-side cache keyed by the boards' versions, so an unchanged board is never rebuilt.
 */
export function registerLeaderboardRoutes(app: FastifyInstance, cluster: ClusterCoordinator, cache: ResponseCache): void {
  app.get('/api/leaderboard', async (request, reply) => {
    const boards = await cluster.shared.leaderboards.all();
    boards.sort((a, b) => (a.code < b.code ? -1 : 1));
    const version = boards.map((b) => `${b.code}:${b.version}`).join(',');
    const lastModified = boards.reduce((latest, b) => Math.max(latest, b.changedAtEpochMs), 0) || Date.now();
    const response = await cache.fetch('leaderboard:all', version, lastModified, () => overall(boards));
    return send(request, reply, response, cache);
  });

  app.get<{ Params: { code: string } }>('/api/rooms/:code/leaderboard', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    const board = code === null ? null : await cluster.shared.leaderboards.get(code);
    if (board === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', `There is no room "${request.params.code.slice(0, 12)}".`));
    const response = await cache.fetch(`leaderboard:${board.code}`, String(board.version), board.changedAtEpochMs, () => ({
      code: board.code,
      round: board.round,
      phase: board.phase,
      players: board.players.map(({ id, name, score, deliveries }) => ({ id, name, score, deliveries })),
    }));
    return send(request, reply, response, cache);
  });
}

function overall(boards: RoomBoard[]) {
  const entries = boards.flatMap((b) => b.players.map((p) => ({ room: b.code, name: p.name, score: p.score, deliveries: p.deliveries })));
  entries.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { rooms: boards.length, players: entries.length, top: entries.slice(0, OVERALL_TOP) };
}

function send(request: FastifyRequest, reply: FastifyReply, response: CachedResponse, cache: ResponseCache) {
  reply
    .header('cache-control', 'public, no-cache')
    .header('etag', response.etag)
    .header('last-modified', new Date(response.lastModifiedEpochMs).toUTCString());
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  if (isNotModified(response, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, ifModifiedSince)) {
    cache.counters.notModified304++;
    return reply.code(304).send();
  }
  cache.counters.ok200++;
  return reply.type('application/json; charset=utf-8').send(response.body);
}
