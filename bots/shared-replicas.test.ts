import { describe, expect, it } from 'vitest';
import { GameConnection } from '../client/net/game-connection';
import type { WelcomeMessage } from '../shared/protocol/control-messages';
import { ErrorCode } from '../shared/protocol/error-code';
import { SnapshotDecoder } from '../shared/protocol/snapshot-decoder';
import { SnapshotEncoder } from '../shared/protocol/snapshot-encoder';
import { ScooterScenario } from '../shared/protocol/test-scenario';
import { snapshotOf } from '../shared/protocol/test-world';
import { createRoom, startTestNode } from '../server/test-support/start-test-node';
import { cleanupAfterEach } from '../server/test-support/test-cleanups';
import { waitFor } from '../server/test-support/wait-for';
import { BotPlayer } from './bot-player';
import { RING_SNAPSHOTS, SharedReplicas } from './shared-replicas';

const MAX_PLAYERS = 20;
const HOUSES = 30;

function welcomeFor(room: string, owner = 'n1', codec: WelcomeMessage['snapshotCodec'] = 'binary'): WelcomeMessage {
  return {
    v: 1, playerId: 0, resumeToken: 't', room, nodeId: owner, tickRateHz: 30, snapshotRateHz: 30, seed: 1,
    maxPlayers: MAX_PLAYERS, houseCount: HOUSES, players: [], snapshotCodec: codec, ownerNodeId: owner,
  };
}

/**
 * A room's broadcast stream from the real encoder over a riding scenario (keyframe first and
 * every 40 ticks), each tick's joiner keyframe, and a private decoder's state per tick.
 */
function roomStream(ticks: number) {
  const scenario = new ScooterScenario({ maxPlayers: MAX_PLAYERS, houseCount: HOUSES, players: 12, seed: 11, churn: 0.05 });
  const encoder = new SnapshotEncoder(MAX_PLAYERS, HOUSES);
  const reference = new SnapshotDecoder(MAX_PLAYERS, HOUSES);
  const broadcast: Uint8Array[] = [];
  const joinerKeyframe: Uint8Array[] = [];
  const stateAt = new Map<number, string>();
  for (let i = 0; i < ticks; i++) {
    scenario.tick();
    const bytes = (i % 40 === 0 ? encoder.encodeKeyframe(scenario.world) : encoder.encodeDelta(scenario.world)).slice();
    broadcast.push(bytes);
    joinerKeyframe.push(encoder.encodeBaselineKeyframe().slice());
    expect(reference.apply(bytes).ok).toBe(true);
    stateAt.set(reference.state.tick, snapshotOf(reference.state));
  }
  return { broadcast, joinerKeyframe, stateAt };
}

describe('shared replicas (one decode per room and tick)', () => {
  const stream = roomStream(RING_SNAPSHOTS + 60);
  const expectReplicaAtItsTick = (state: SnapshotDecoder['state']) => expect(snapshotOf(state)).toBe(stream.stateAt.get(state.tick));

  it('bots of one room decode each snapshot once between them and each see the room state', () => {
    const replicas = new SharedReplicas();
    const bots = Array.from({ length: 5 }, () => replicas.replicaFor(welcomeFor('ROOM')));
    stream.broadcast.forEach((bytes, i) => {
      // Sockets are read in a different order every tick.
      for (let k = 0; k < bots.length; k++) {
        const bot = bots[(k + i) % bots.length];
        const result = bot.apply(bytes);
        expect(result.ok).toBe(true);
        expectReplicaAtItsTick(bot.state);
      }
    });
    // The first keyframe: each bot decodes it once on its own (as a joiner does), then shares.
    expect(replicas.stats).toEqual({ rooms: 1, applied: 5 * stream.broadcast.length, sharedDecodes: stream.broadcast.length, privateDecodes: 5, offStream: 0 });
    for (const bot of bots) expect(bot.state.tick).toBe(bots[0].state.tick);
  });

  it('a bot trailing the others and a joiner mid-stream read the state of their own tick', () => {
    const replicas = new SharedReplicas();
    const leader = replicas.replicaFor(welcomeFor('ROOM'));
    const trailer = replicas.replicaFor(welcomeFor('ROOM'));
    const joiner = replicas.replicaFor(welcomeFor('ROOM'));
    const LAG = 6;
    const JOIN_AT = 50;
    for (let i = 0; i < stream.broadcast.length + LAG; i++) {
      // The joiner's keyframe (the state of the last broadcast) arrives before the leader read that broadcast.
      if (i === JOIN_AT) {
        expect(joiner.apply(stream.joinerKeyframe[i]).ok).toBe(true);
        expectReplicaAtItsTick(joiner.state);
      }
      if (i > JOIN_AT && i < stream.broadcast.length) {
        expect(joiner.apply(stream.broadcast[i]).ok).toBe(true);
        expectReplicaAtItsTick(joiner.state);
      }
      if (i < stream.broadcast.length) {
        expect(leader.apply(stream.broadcast[i]).ok).toBe(true);
        expectReplicaAtItsTick(leader.state);
      }
      if (i >= LAG) {
        expect(trailer.apply(stream.broadcast[i - LAG]).ok).toBe(true);
        expectReplicaAtItsTick(trailer.state);
      }
    }
    // Private work: each bot's first keyframe, plus the joiner's first delta (the room had not
    // reached its tick yet); everything else was shared.
    expect(replicas.stats.privateDecodes).toBeLessThanOrEqual(4);
    expect(replicas.stats.sharedDecodes).toBe(stream.broadcast.length);
  });

  it('a bot that fell a whole ring behind is told its delta does not fit, and rejoins from a keyframe', () => {
    const replicas = new SharedReplicas();
    const leader = replicas.replicaFor(welcomeFor('ROOM'));
    const sleeper = replicas.replicaFor(welcomeFor('ROOM'));
    for (let i = 0; i < 5; i++) {
      leader.apply(stream.broadcast[i]);
      sleeper.apply(stream.broadcast[i]);
    }
    const wake = 5 + RING_SNAPSHOTS + 3;
    for (let i = 5; i < wake; i++) leader.apply(stream.broadcast[i]);
    // Its next delta (broadcast 5) was made against its state, but that state is gone from the ring.
    expect(sleeper.apply(stream.broadcast[5])).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    expect(replicas.stats.offStream).toBe(1);
    expect(sleeper.apply(stream.broadcast[6])).toEqual({ ok: false, code: ErrorCode.PROTO_NO_KEYFRAME });
    // The resync keyframe: the room's state at the leader's tick.
    expect(sleeper.apply(stream.joinerKeyframe[wake - 1]).ok).toBe(true);
    expect(sleeper.state.tick).toBe(leader.state.tick);
    expectReplicaAtItsTick(sleeper.state);
    const decodes = replicas.stats.sharedDecodes + replicas.stats.privateDecodes;
    leader.apply(stream.broadcast[wake]);
    expect(sleeper.apply(stream.broadcast[wake]).ok).toBe(true);
    expectReplicaAtItsTick(sleeper.state);
    expect(replicas.stats.sharedDecodes + replicas.stats.privateDecodes).toBe(decodes + 1);
  });

  it('a delta that differs from what the room received is not taken from the ring', () => {
    const replicas = new SharedReplicas();
    const a = replicas.replicaFor(welcomeFor('ROOM'));
    const b = replicas.replicaFor(welcomeFor('ROOM'));
    for (const bytes of stream.broadcast.slice(0, 3)) {
      a.apply(bytes);
      b.apply(bytes);
    }
    a.apply(stream.broadcast[3]);
    const tampered = stream.broadcast[3].slice();
    tampered[tampered.length - 1] ^= 0x01;
    const before = snapshotOf(b.state);
    expect(b.apply(tampered)).toEqual({ ok: false, code: ErrorCode.PROTO_OUT_OF_RANGE });
    expect(replicas.stats.offStream).toBe(1);
    expect(snapshotOf(b.state)).toBe(before);
    // Its state was left as it was; a keyframe puts it back on the room's stream.
    expect(b.apply(stream.joinerKeyframe[3]).ok).toBe(true);
    expect(b.state.tick).toBe(a.state.tick);
  });

  it('keeps rooms and owner nodes apart, and gives the JSON baseline a replica of its own', () => {
    const replicas = new SharedReplicas();
    const one = replicas.replicaFor(welcomeFor('ONE'));
    const two = replicas.replicaFor(welcomeFor('TWO'));
    const moved = replicas.replicaFor(welcomeFor('ONE', 'n2'));
    expect(replicas.stats.rooms).toBe(3);
    one.apply(stream.broadcast[0]);
    expect(one.synced).toBe(true);
    expect(two.synced).toBe(false);
    expect(moved.synced).toBe(false);
    expect(replicas.replicaFor(welcomeFor('ONE', 'n1', 'json'))).toBeInstanceOf(SnapshotDecoder);
  });
});

const onCleanup = cleanupAfterEach();

describe('shared replicas over real sockets', () => {
  it('bots in one room share the decode, and each sees its own inputs echoed', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const code = await createRoom(node);
    const replicas = new SharedReplicas();
    const bots = Array.from({ length: 6 }, (_, i) => new BotPlayer({ url: node.url, name: `shared${i}`, quirk: i, replicaFor: replicas.replicaFor }));
    onCleanup(() => bots.forEach((b) => b.stop()));
    // A watcher decoding on its own: the reference the shared replicas must agree with.
    const watcher = new GameConnection({ url: node.url });
    onCleanup(() => watcher.close());
    for (const bot of bots) await bot.join(code);
    await watcher.join(code, 'watcher');

    await waitFor('every bot to see its own inputs echoed for a while', () => bots.every((b) => b.echoMs.length >= 30), 15_000);
    for (const bot of bots) {
      const own = bot.connection.decoder!.state.ackSeq[bot.playerId];
      expect(own).toBeGreaterThan(0);
      expect(own).toBeLessThanOrEqual(bot.inputsSent);
    }
    // Each bot's view at the watcher's tick equals the watcher's own decode.
    await waitFor('a tick where every bot and the watcher agree', () => {
      const tick = watcher.decoder!.state.tick;
      const expected = snapshotOf(watcher.decoder!.state);
      return bots.every((b) => b.connection.decoder!.state.tick === tick && snapshotOf(b.connection.decoder!.state) === expected);
    }, 10_000, 1);
    const { applied, sharedDecodes, privateDecodes } = replicas.stats;
    expect(applied).toBeGreaterThan(100);
    // One decode per room and tick for six bots, plus each join's keyframe.
    expect(sharedDecodes + privateDecodes).toBeLessThan(applied / 3);
    expect(bots.every((b) => b.connection.decodeErrors === 0)).toBe(true);
    expect(replicas.stats.offStream).toBe(0);
  }, 30_000);
});
