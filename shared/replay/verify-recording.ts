import type { Recording } from './recording';
import { type EndReason } from './replay-format';
import { Replayer, type ReplayedDelivery } from './replayer';

export interface Standing {
  slot: number;
  name: string;
  score: number;
  deliveries: number;
}

export interface VerifyReport {
  /** True when the replay reproduced every keyframe, every delivery and the end. */
  ok: boolean;
  /** What did not match, first things first (empty when ok). */
  problems: string[];
  startTick: number;
  endTick: number;
  endReason: EndReason | null;
  /** Pizzas the replay delivered, as world.deliveredTotal counts them (one event may carry several). */
  deliveries: number;
  /** The final standings as the replay computed them: best first, ties by name then slot. */
  standings: Standing[];
  /** Player-ticks of the round over ticks per minute: what "per player-minute" divides by. */
  playerMinutes: number;
}

/** Ranks the players of a world: best score first, ties by name, then slot. */
export function standingsOf(replayer: Replayer): Standing[] {
  const { world, names } = replayer;
  const out: Standing[] = [];
  for (let slot = 0; slot < world.maxPlayers; slot++) {
    if (!world.active[slot]) continue;
    out.push({ slot, name: names[slot], score: world.score[slot], deliveries: world.deliveries[slot] });
  }
  return out.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.slot - b.slot));
}

function sameDelivery(a: ReplayedDelivery, b: ReplayedDelivery): boolean {
  return a.tick === b.tick && a.slot === b.slot && a.count === b.count && a.points === b.points;
}

function show(d: ReplayedDelivery | undefined): string {
  return d === undefined ? 'none' : `slot ${d.slot} x${d.count} for ${d.points} at tick ${d.tick}`;
}

/**
 * Re-runs a recording from its start with the simulation and checks it against itself: every
 * periodic and final keyframe must equal the replayed world field by field, every recorded
 * delivery must happen at its tick for the same points (and no other), and a finished round
 * must reach its End. This is what `npm run replay -- --verify` runs.
 */
export function verifyRecording(recording: Recording): VerifyReport {
  const problems: string[] = [];
  const opened = Replayer.open(recording, { verify: true });
  if (!opened.ok) {
    return { ok: false, problems: [opened.message], startTick: recording.startTick, endTick: recording.startTick, endReason: recording.endReason, deliveries: 0, standings: [], playerMinutes: 0 };
  }
  const replayer = opened.value;
  const hz = recording.header.config.tickRateHz;
  let playerTicks = 0;
  while (!replayer.finished && replayer.tick < recording.endTick) {
    replayer.advance(1);
    for (let slot = 0; slot < replayer.world.maxPlayers; slot++) playerTicks += replayer.world.active[slot];
  }
  replayer.runToEnd();
  problems.push(...replayer.mismatches.map((m) => `keyframe differs at ${m}`));
  const { produced, recorded } = replayer;
  for (let i = 0; i < Math.max(produced.length, recorded.length); i++) {
    if (produced[i] !== undefined && recorded[i] !== undefined && sameDelivery(produced[i], recorded[i])) continue;
    problems.push(`delivery ${i + 1}: recorded ${show(recorded[i])}, replay made ${show(produced[i])}`);
    break;
  }
  if (recording.endReason === null) problems.push('the recording has no end (the round was still running)');
  return {
    ok: problems.length === 0,
    problems,
    startTick: recording.startTick,
    endTick: replayer.tick,
    endReason: recording.endReason,
    deliveries: produced.reduce((pizzas, d) => pizzas + d.count, 0),
    standings: standingsOf(replayer),
    playerMinutes: playerTicks / (hz * 60),
  };
}
