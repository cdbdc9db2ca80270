import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { RoomManager } from '../rooms/room-manager';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import type { NodeStats } from '../node-stats';
import type { Logger } from '../logger';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { ApiLimits } from './api-limits';
import { apiError } from './api-error';

export interface RoomsRoutesDeps {
  rooms: RoomManager;
  stats: NodeStats;
  log?: Logger | undefined;
  cluster?: ClusterCoordinator | undefined;
  limits: ApiLimits;
}


export function registerRoomsRoutes(app: FastifyInstance, { rooms, stats, log, cluster, limits }: RoomsRoutesDeps): void {
  app.post('/api/rooms', async (request, reply) => {
    const ticket = await limits.admitRoomCreation(request, reply);
    if (ticket === null) return reply;
    try {
      if (rooms.size >= rooms.maxRooms) {
        return reply.code(503).send(apiError('TOO_MANY_ROOMS', 'This node hosts as many rooms as it may; try again later.'));
      }
      // In a cluster the code must be unique across nodes: claiming its lease reserves it.
      const code = cluster?.enabled ? await cluster.allocateRoomCode() : undefined;
      const created = rooms.create({ code });
      if (!created.ok) {
        return reply.code(503).send(apiError('TOO_MANY_ROOMS', 'This node hosts as many rooms as it may; try again later.'));
      }
      ticket.created(created.room.code);
      stats.roomsCreated++;
      log?.info({ room: created.room.code, rooms: rooms.size, seed: created.room.world.config.seed }, 'room opened');
      return reply.code(201).header('cache-control', 'no-store').send({ code: created.room.code });
    } finally {
      // A refusal or a failure (Redis away during allocation) gives the place back.
      ticket.release();
    }
  });

  app.get<{ Params: { code: string } }>('/api/rooms/:code', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    const room = code === null ? undefined : rooms.get(code);
    if (room === undefined && code !== null && cluster?.enabled) {
      // Any node can tell where a room lives and how many are in it.
      const info = await cluster.roomInfo(code).catch(() => undefined);
      if (info === undefined) {
        return reply.code(503).header('retry-after', '2').send(apiError('TRY_AGAIN', 'The room directory is unreachable right now; try again.'));
      }
      if (info !== null) {
        return reply.header('cache-control', 'no-store').send({ ...info, connected: info.players });
      }
    }
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
      owner: cluster?.nodeId,
    });
  });
}
