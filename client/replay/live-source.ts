import type { SampledPositions } from '../../shared/replay/position-history';
import { generateCity, type City } from '../../shared/sim/city';
import { INTERPOLATION_INTERVALS } from '../net/game-session';
import { phaseSecondsLeft } from '../ui/format-clock';
import { sampleInterpolated, type SampleResult } from '../net/interpolation';
import type { RoomView, RosterEntry } from '../../server/classroom/teacher-action';
import type { SpectatorConnection } from './spectator-connection';
import { conditionsText, LAGGING_RTT_MS, rankStandings, type StandingRow, type ViewSource } from './view-source';

/** Extrapolation past the newest snapshot is capped like a player's client caps it. */
const MAX_EXTRAPOLATE_TICKS = 6;

/**
 * A room watched live (the projector, issue 14): the spectator connection's broadcast, drawn
 * the way a player's client draws the others (two snapshot intervals behind, on the server's
 * timeline), with the teacher's roster (RTT, imposed conditions) for who is lagging.
 */
export class LiveSource implements ViewSource {
  readonly city: City;
  readonly maxPlayers: number;
  readonly tickRateHz: number;
  followed = -1;
  /** The teacher's view of the players, refreshed by the page (null before the first poll). */
  roster: readonly RosterEntry[] | null = null;
  /** Conditions the teacher put on everyone in the room (RoomView.nodeConditions). */
  roomConditions: RoomView['nodeConditions'] = null;
  private readonly ticksPerSnapshot: number;
  private readonly result: SampleResult = { extrapolatedTicks: 0 };

  constructor(private readonly spectator: SpectatorConnection) {
    const watching = spectator.watching;
    if (watching === null) throw new Error('LiveSource before the watch was accepted');
    this.city = generateCity(watching.seed);
    this.maxPlayers = watching.maxPlayers;
    this.tickRateHz = watching.tickRateHz;
    this.ticksPerSnapshot = Math.max(1, Math.round(watching.tickRateHz / watching.snapshotRateHz));
  }

  /** The room's latest tick, as broadcast. */
  get tick(): number {
    return this.spectator.decoder?.state.tick ?? 0;
  }

  get ordersTick(): number {
    return this.tick;
  }

  get orderExpireTick(): Int32Array {
    return this.state().orderExpireTick;
  }

  get orderPlacedTick(): Int32Array {
    return this.state().orderPlacedTick;
  }

  /** The interpolation delay the spectator draws with (as the room's players do), ms. */
  get interpolationDelayMs(): number {
    return (INTERPOLATION_INTERVALS * this.ticksPerSnapshot * 1000) / this.tickRateHz;
  }

  frame(nowMs: number, out: SampledPositions): boolean {
    const { buffer, clock, decoder } = this.spectator;
    if (buffer === null || clock === null || decoder === null || !decoder.synced || !clock.synced || buffer.count === 0) return false;
    const renderTick = clock.tickAt(nowMs) - INTERPOLATION_INTERVALS * this.ticksPerSnapshot;
    sampleInterpolated(buffer, renderTick, MAX_EXTRAPOLATE_TICKS, out, this.result);
    return true;
  }

  ghosts(): boolean {
    return false;
  }

  nameOf(slot: number): string {
    return this.spectator.nameOf(slot);
  }

  connected(slot: number): boolean {
    return this.spectator.decoder?.state.connected[slot] === 1;
  }

  standings(): StandingRow[] {
    const state = this.spectator.decoder?.state;
    if (state === undefined || !this.spectator.decoder!.synced) return [];
    const rows: StandingRow[] = [];
    for (let slot = 0; slot < this.maxPlayers; slot++) {
      if (state.active[slot] !== 1) continue;
      const entry = this.roster?.find((p) => p.id === slot) ?? null;
      const rtt = entry?.rttMs ?? null;
      const imposed = [conditionsText(this.roomConditions), conditionsText(entry?.conditions)].filter((text) => text !== '').join(' · ');
      rows.push({
        slot,
        name: this.nameOf(slot),
        score: state.score[slot],
        connected: state.connected[slot] === 1,
        rttMs: rtt === null ? null : Math.round(rtt),
        lagging: imposed !== '' || (rtt !== null && rtt > LAGGING_RTT_MS),
        imposed,
      });
    }
    return rankStandings(rows);
  }

  /** Where the room's round stands, as broadcast (null until the first snapshot); secondsLeft -1 when the phase has no end. */
  roundClock(): { phase: number; round: number; secondsLeft: number } | null {
    const decoder = this.spectator.decoder;
    if (decoder === null || !decoder.synced) return null;
    const { phase, round, phaseEndTick, tick } = decoder.state;
    return { phase, round, secondsLeft: phaseSecondsLeft(phaseEndTick, tick, this.tickRateHz) };
  }

  private state() {
    const decoder = this.spectator.decoder;
    if (decoder === null) throw new Error('LiveSource before the watch was accepted');
    return decoder.state;
  }
}
