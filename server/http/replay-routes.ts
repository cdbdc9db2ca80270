import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import type { ReplayStore } from '../cluster/replay-store';
import type { AuthTokens } from '../security/auth-tokens';
import { apiError } from './api-error';
import { requireRoomMember } from './auth-guard';

/** The recording file's media type (shared/replay/REPLAY-FORMAT.md). */
export const REPLAY_CONTENT_TYPE = 'application/vnd.roundtrip.replay';

export interface ReplayRoutesDeps {
  store: ReplayStore;
  auth: AuthTokens;
}

/** Round numbers a URL may name. */
const ROUND = /^[1-9]\d{0,8}$/;

/**
 * The stateless replay API (issue 14): any node answers from the replay store (Redis in a
 * cluster). Readable by the room's own people only: its teacher's token or a player token of
 * that room (requireRoomMember, as the room's leaderboard).
 *
 * - GET /api/rooms/CODE/rounds: the recorded rounds, running and finished; revalidated (no-cache).
 * - GET /api/rooms/CODE/rounds/N/replay: a finished round's recording. It never changes, so it
 *   is `public, max-age=31536000, immutable` with a strong ETag, and a conditional request gets
 *   304 (RFC 9111 §5.2.2.5, RFC 8246). It varies on Authorization: a shared cache keeps it per
 *   token and never hands it to a request without one. A round still running answers 409
 *   ROUND_RUNNING.
 */
export function registerReplayRoutes(app: FastifyInstance, { store, auth }: ReplayRoutesDeps): void {
  app.get<{ Params: { code: string } }>('/api/rooms/:code/rounds', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    if (code === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', 'There is no such room.'));
    if ((await requireRoomMember(auth, request, reply, code)) === null) return reply;
    const rounds = await store.list(code).catch(() => null);
    if (rounds === null) return unavailable(reply);
    const body = JSON.stringify({
      code,
      rounds: rounds.map((r) => ({ ...r, replayPath: r.status === 'finished' ? `/api/rooms/${code}/rounds/${r.round}/replay` : undefined })),
    });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply.header('cache-control', 'private, no-cache').header('vary', 'authorization').header('etag', etag);
    if (matches(request, etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get<{ Params: { code: string; round: string } }>('/api/rooms/:code/rounds/:round/replay', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    if (code === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', 'There is no such room.'));
    if ((await requireRoomMember(auth, request, reply, code)) === null) return reply;
    if (!ROUND.test(request.params.round)) return reply.code(404).send(apiError('ROUND_NOT_FOUND', `Room ${code} has no round "${request.params.round.slice(0, 12)}".`));
    const round = Number(request.params.round);
    const stored = await store.load(code, round).catch(() => undefined);
    if (stored === undefined) return unavailable(reply);
    reply.header('cache-control', 'no-store');
    if (stored === null) return reply.code(404).send(apiError('ROUND_NOT_FOUND', `Room ${code} has no recording of round ${round}.`));
    const { info, bytes } = stored;
    if (info.status === 'running') {
      return reply.code(409).header('retry-after', '5').send(apiError('ROUND_RUNNING', `Round ${round} of room ${code} is still being played; its replay is ready when the round ends.`));
    }
    if (info.status === 'lost' || bytes === null || info.etag === undefined) {
      return reply.code(410).send(apiError('REPLAY_LOST', `Part of round ${round}'s recording was lost; it cannot be replayed.`));
    }
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'authorization')
      .header('etag', info.etag)
      .header('last-modified', new Date(info.endedAtEpochMs ?? Date.now()).toUTCString());
    if (matches(request, info.etag)) return reply.code(304).send();
    return reply.type(REPLAY_CONTENT_TYPE).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

/** If-None-Match against a strong ETag (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function unavailable(reply: FastifyReply) {
  return reply.code(503).header('retry-after', '2').send(apiError('TRY_AGAIN', 'The recordings cannot be read right now; try again.'));
}
