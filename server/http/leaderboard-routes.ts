import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoomBoard } from '../cluster/standings';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import type { CachedResponse } from '../cluster/cache-store';
import type { AuthTokens } from '../security/auth-tokens';
import { optionalClaims, requireRoomMember } from './auth-guard';
import { isNotModified, type ResponseCache } from './response-cache';
import { apiError } from './api-error';

/** Top entries in the overall board. */
const OVERALL_TOP = 50;

/** One row of the overall board; name and room only for the viewer's own room. */
interface OverallEntry {
  score: number;
  deliveries: number;
  name?: string;
  room?: string;
}

/**
 * Leaderboards: cacheable, stateless responses. A browser revalidates (`no-cache` means "ask
 * first", RFC 9111 §5.2.2.4) and gets 304 while nothing changed; the body itself comes from a
 * server-side cache keyed by the boards' versions, so an unchanged board is never rebuilt.
 *
 * Who sees what (issue 13 §4): a room code is what lets anyone join, and names are students'.
 * The overall board is public with scores only; a token (teacher or player) adds names and the
 * code for the rows of its own room. A room's board needs a token of that room. Answers that
 * depend on the token are `private` and vary on Authorization, so no shared cache mixes them.
 */
export function registerLeaderboardRoutes(app: FastifyInstance, cluster: ClusterCoordinator, cache: ResponseCache, auth: AuthTokens): void {
  app.get('/api/leaderboard', async (request, reply) => {
    const viewer = await optionalClaims(auth, request, reply);
    if (viewer === null) return reply;
    const boards = await cluster.shared.leaderboards.all();
    boards.sort((a, b) => (a.code < b.code ? -1 : 1));
    const version = boards.map((b) => `${b.code}:${b.version}`).join(',');
    const lastModified = boards.reduce((latest, b) => Math.max(latest, b.changedAtEpochMs), 0) || Date.now();
    const ownRoom = viewer === 'anonymous' ? null : viewer.room;
    const key = ownRoom === null ? 'leaderboard:all' : `leaderboard:all:${ownRoom}`;
    const response = await cache.fetch(key, version, lastModified, () => overall(boards, ownRoom));
    // Vary either way: the same URL answers differently with a token.
    reply.header('vary', 'authorization');
    return send(request, reply, response, cache, ownRoom === null ? 'public' : 'private');
  });

  app.get<{ Params: { code: string } }>('/api/rooms/:code/leaderboard', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    if (code === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', 'There is no such room.'));
    if ((await requireRoomMember(auth, request, reply, code)) === null) return reply;
    const board = await cluster.shared.leaderboards.get(code);
    if (board === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', `There is no room "${code}".`));
    const response = await cache.fetch(`leaderboard:${board.code}`, String(board.version), board.changedAtEpochMs, () => ({
      code: board.code,
      round: board.round,
      phase: board.phase,
      players: board.players.map(({ id, name, score, deliveries }) => ({ id, name, score, deliveries })),
    }));
    return send(request, reply, response, cache, 'private');
  });
}

function overall(boards: RoomBoard[], ownRoom: string | null) {
  const ranked = boards.flatMap((b) => b.players.map((p) => ({ room: b.code, name: p.name, score: p.score, deliveries: p.deliveries })));
  ranked.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const top: OverallEntry[] = ranked
    .slice(0, OVERALL_TOP)
    .map((e) => (e.room === ownRoom ? { score: e.score, deliveries: e.deliveries, name: e.name, room: e.room } : { score: e.score, deliveries: e.deliveries }));
  return { rooms: boards.length, players: ranked.length, top };
}

function send(request: FastifyRequest, reply: FastifyReply, response: CachedResponse, cache: ResponseCache, audience: 'public' | 'private') {
  reply
    .header('cache-control', `${audience}, no-cache`)
    .header('etag', response.etag)
    .header('last-modified', new Date(response.lastModifiedEpochMs).toUTCString());
  if (audience === 'private') reply.header('vary', 'authorization');
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  if (isNotModified(response, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, ifModifiedSince)) {
    cache.counters.notModified304++;
    return reply.code(304).send();
  }
  cache.counters.ok200++;
  return reply.type('application/json; charset=utf-8').send(response.body);
}
