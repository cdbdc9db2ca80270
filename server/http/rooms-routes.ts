import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { RoomManager } from '../rooms/room-manager';
import { normalizeRoomCode } from '../rooms/room-code';
import type { NodeStats } from '../node-stats';

export interface RoomsRoutesDeps {
  rooms: RoomManager;
  stats: NodeStats;
}

/** Errors are JSON with a stable code (the same codes the socket protocol uses). */
export function apiError(code: string, message: string) {
  return { error: { code, message } };
}

export function registerRoomsRoutes(app: FastifyInstance, { rooms, stats }: RoomsRoutesDeps): void {
  app.post('/api/rooms', async (_request, reply) => {
    const created = rooms.create();
    if (!created.ok) {
      return reply.code(503).send(apiError('TOO_MANY_ROOMS', 'This node hosts as many rooms as it may; try again later.'));
    }
    stats.roomsCreated++;
    return reply.code(201).header('cache-control', 'no-store').send({ code: created.room.code });
  });

  app.get<{ Params: { code: string } }>('/api/rooms/:code', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    const room = code === null ? undefined : rooms.get(code);
    if (room === undefined) {
      return reply.code(404).send(apiError(ErrorCode.ROOM_NOT_FOUND, `There is no room "${request.params.code.slice(0, 12)}".`));
    }
    // Live numbers: a cache would show a stale player count.
    return reply.header('cache-control', 'no-store').send({
      code: room.code,
      players: room.playerCount,
      connected: room.connectedCount,
      capacity: room.capacity,
      phase: room.phaseName(),
      locked: room.locked,
    });
  });
}
