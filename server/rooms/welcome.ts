import type { RosterMessage, SnapshotCodec, WelcomeMessage } from '../../shared/protocol/control-messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type { Room } from './room';

/** The roster of a room: who sits in which slot, and whether their connection is up. */
export function rosterOf(room: Room): RosterMessage {
  const players: RosterMessage['players'] = [];
  for (let slot = 0; slot < room.capacity; slot++) {
    if (room.world.active[slot]) players.push({ id: slot, name: room.names[slot], connected: room.world.connected[slot] === 1 });
  }
  return { players };
}

/**
 * The welcome a seated player gets, built by the room's owner. `nodeId` is the node the
 * player's socket is on, which the node relaying a remote join overwrites with its own.
 */
export function buildWelcome(room: Room, slot: number, resumeToken: string, ownerNodeId: string, snapshotCodec: SnapshotCodec): WelcomeMessage {
  return {
    v: PROTOCOL_VERSION,
    playerId: slot,
    resumeToken,
    room: room.code,
    nodeId: ownerNodeId,
    ownerNodeId,
    tickRateHz: room.world.config.tickRateHz,
    snapshotRateHz: room.world.config.tickRateHz / room.options.ticksPerSnapshot,
    seed: room.world.config.seed,
    maxPlayers: room.capacity,
    houseCount: room.world.city.houses.length,
    players: rosterOf(room).players,
    snapshotCodec,
    rounds: room.options.mode,
  };
}
