import { z } from 'zod';
import { ControlEvent, type WatchingMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import { buildJsonState, JSON_STATE_EVENT } from '../../shared/protocol/json-state';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { BINARY_EVENT } from '../../shared/protocol/wire-parser';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { NodeConfig } from '../config';
import type { Logger } from '../logger';
import type { RoomManager } from '../rooms/room-manager';
import { rosterOf } from '../rooms/welcome';
import type { SeatRegistry } from '../seats/seat-registry';
import type { AuthTokens } from '../security/auth-tokens';
import type { ClientState } from './client-state';
import type { StrikePolicy } from './strike-policy';

const WatchRequestSchema = z.object({
  v: z.number().int(),
  code: z.string().max(32),
  token: z.string().min(1).max(2048),
});

export interface WatchFlowDeps {
  rooms: RoomManager;
  seats: SeatRegistry;
  cluster: ClusterCoordinator;
  auth: AuthTokens;
  strikes: StrikePolicy;
  config: NodeConfig;
  log: Logger;
}

/**
 * A spectator: a connection that watches a room live with no seat (the projector, issue 14). It
 * is admitted with the room's teacher token, takes the room's one broadcast as its players do
 * (SeatRegistry.watch: the broadcaster and the room channel write to it too), holds no slot, so
 * it never counts against the room's capacity, and sends no inputs (an input from it is refused
 * as from any connection without a seat). Spectators watch on the room's owner node.
 */
export class WatchFlow {
  constructor(private readonly deps: WatchFlowDeps) {}

  async watch(client: ClientState, payload: unknown): Promise<void> {
    const { strikes, rooms, seats, cluster, config, auth } = this.deps;
    const parsed = WatchRequestSchema.safeParse(payload);
    if (!parsed.success) {
      strikes.reject(client, ErrorCode.BAD_REQUEST, 'A watch needs { v, code, token }.');
      return;
    }
    const request = parsed.data;
    if (request.v !== PROTOCOL_VERSION) {
      strikes.reject(client, ErrorCode.VERSION_MISMATCH, `This server speaks protocol version ${PROTOCOL_VERSION}.`);
      return;
    }
    if (client.seat !== null || client.joining || client.watching !== null) {
      strikes.reject(client, ErrorCode.BAD_REQUEST, 'Already in a room or watching one.');
      return;
    }
    const code = normalizeRoomCode(request.code);
    const verified = await auth.verify(request.token);
    if (!client.socket.connected) return;
    if (code === null || !verified.ok || verified.claims.role !== 'teacher' || verified.claims.room !== code) {
      strikes.refuse(client, ErrorCode.WATCH_REFUSED, 'Watching a room live needs that room’s teacher token.');
      return;
    }
    const room = rooms.get(code);
    if (room === undefined) {
      const where = await cluster.locate(code);
      if (where.kind === 'remote') {
        strikes.refuse(client, ErrorCode.ROOM_ELSEWHERE, `Room ${code} runs on node ${where.owner}; watch it there.`);
        return;
      }
      if (where.kind === 'missing') {
        strikes.refuse(client, ErrorCode.ROOM_NOT_FOUND, `There is no room "${code}".`);
        return;
      }
    }
    const watched = rooms.get(code);
    if (watched === undefined || !client.socket.connected) return;
    client.watching = code;
    seats.watch(code, client.link);
    const message: WatchingMessage = {
      v: PROTOCOL_VERSION,
      room: code,
      nodeId: config.nodeId,
      tickRateHz: watched.world.config.tickRateHz,
      snapshotRateHz: watched.world.config.tickRateHz / watched.options.ticksPerSnapshot,
      seed: watched.world.config.seed,
      maxPlayers: watched.capacity,
      houseCount: watched.world.city.houses.length,
      players: rosterOf(watched).players,
      snapshotCodec: config.snapshotCodec,
    };
    client.link.sendControl(ControlEvent.Watching, message);
    // The state of the last broadcast: the next delta applies on top of it, as for a joiner.
    if (config.snapshotCodec === 'json') client.link.sendControl(JSON_STATE_EVENT, buildJsonState(watched.world, watched.names, config.tickRateHz));
    else client.socket.emit(BINARY_EVENT, Buffer.from(watched.keyframeForJoiner()));
    client.link.sendControl(ControlEvent.Roster, rosterOf(watched));
    this.deps.log.info({ room: code, socket: client.link.id }, 'spectator watching');
  }

  disconnected(client: ClientState): void {
    if (client.watching === null) return;
    this.deps.seats.unwatch(client.watching, client.link);
    client.watching = null;
  }
}
