import { BotBrain } from '../bots/bot-brain';
import { loadConfig } from '../server/config';
import { Room } from '../server/rooms/room';

/**
 * What Roundtrip really sends per room and snapshot, for the floor server to send as much
 * (issue 11 §5): a real Room at the node's default settings (snapshot rate, keyframe
 * interval), filled with `playersPerRoom` bots that ride like the load test's bots, ticked
 * in process. Returns the mean bytes of the binary snapshots it broadcast (deltas and the
 * periodic keyframes), after a warm-up so every player is moving.
 */
export function roundtripSnapshotBytes(playersPerRoom: number, ticks = 900, warmupTicks = 150): number {
  const config = loadConfig({}, { maxPlayersPerRoom: Math.max(playersPerRoom, 1) });
  const ticksPerSnapshot = Math.max(1, Math.round(config.tickRateHz / config.snapshotRateHz));
  const room = new Room(
    {
      code: 'SIZE',
      world: { tickRateHz: config.tickRateHz, maxPlayers: config.maxPlayersPerRoom, roundSeconds: config.roundSeconds, resultsSeconds: config.resultsSeconds, seed: 4242, autoRounds: true },
      ticksPerSnapshot,
      snapshotsPerKeyframe: Math.max(1, Math.round(config.keyframeIntervalS * config.snapshotRateHz)),
      resumeGraceMs: 30_000,
      emptyRoomGraceMs: 60_000,
      mode: 'auto',
    },
    0,
  );
  const brains: BotBrain[] = [];
  for (let p = 0; p < playersPerRoom; p++) {
    const joined = room.join(`bot${p}`, 0);
    if (!joined.ok) throw new Error(joined.message);
    brains.push(new BotBrain(room.world.city, room.world.params, p));
  }
  let bytes = 0;
  let snapshots = 0;
  for (let t = 0; t < warmupTicks + ticks; t++) {
    for (let p = 0; p < playersPerRoom; p++) room.acceptInput(p, t + 1, room.world.tick, brains[p].decide(room.world, p));
    const snapshot = room.tick();
    if (snapshot !== null && t >= warmupTicks) {
      bytes += snapshot.length;
      snapshots++;
    }
  }
  return snapshots > 0 ? bytes / snapshots : 0;
}
