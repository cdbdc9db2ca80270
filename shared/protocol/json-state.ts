import { HEADING_STEPS, POSITION_SCALE, SPEED_SCALE, type Phase } from '../sim/constants';
import { clearReplicaSlot, type ReplicaState } from './replica-state';

/**
 * The naive baseline codec (SNAPSHOT_CODEC=json, issue #5): what a typical tutorial game sends,
 * the room's whole state as one JSON object every snapshot, floats in world units, heading in
 * radians, names and orders included, no deltas, no quantization. It exists to be measured
 * against the binary codec, and so a class can read it in the browser's network tab.
 *
 * Conversions are exact both ways: positions are multiples of 1/8 unit and speeds of 1/32 unit
 * per tick (dyadic fractions a float64 holds exactly), and heading steps survive the trip
 * through radians by rounding.
 */

/** socket.io event of the JSON state (a text frame: `42["state",{...}]`). */
export const JSON_STATE_EVENT = 'state';

export interface JsonPlayer {
  id: number;
  name: string;
  connected: boolean;
  /** World units. */
  x: number;
  y: number;
  /** World units per second, along x and y. */
  vx: number;
  vy: number;
  /** Radians, 0 = east, clockwise on screen. */
  heading: number;
  /** Signed world units per tick along the heading. */
  speed: number;
  /** Last input sequence number the server applied for this player. */
  lastInput: number;
  /** Ticks that input was applied after the tick it was stamped for (0 = on time). */
  lastInputLate: number;
  pizzas: number;
  score: number;
}

export interface JsonOrder {
  house: number;
  open: boolean;
  expiresAtTick: number;
  placedAtTick: number;
}

export interface JsonState {
  tick: number;
  phase: Phase;
  phaseEndTick: number;
  round: number;
  players: JsonPlayer[];
  orders: JsonOrder[];
}

/** The world fields the JSON state is built from (World and ReplicaState both fit). */
export type JsonStateSource = Omit<ReplicaState, 'houseCount'>;

const RADIANS_PER_STEP = (2 * Math.PI) / HEADING_STEPS;

/** Builds the whole state, fresh objects every call: the allocation is part of the baseline. */
export function buildJsonState(source: JsonStateSource, names: readonly string[], tickRateHz: number): JsonState {
  const players: JsonPlayer[] = [];
  for (let slot = 0; slot < source.maxPlayers; slot++) {
    if (!source.active[slot]) continue;
    const heading = source.heading[slot] * RADIANS_PER_STEP;
    const speed = source.speed[slot] / SPEED_SCALE;
    players.push({
      id: slot,
      name: names[slot] ?? '',
      connected: source.connected[slot] === 1,
      x: source.px[slot] / POSITION_SCALE,
      y: source.py[slot] / POSITION_SCALE,
      vx: Math.cos(heading) * speed * tickRateHz,
      vy: Math.sin(heading) * speed * tickRateHz,
      heading,
      speed,
      lastInput: source.ackSeq[slot],
      lastInputLate: source.ackLate[slot],
      pizzas: source.carrying[slot],
      score: source.score[slot],
    });
  }
  const orders: JsonOrder[] = [];
  for (let house = 0; house < source.orderExpireTick.length; house++) {
    const expiresAtTick = source.orderExpireTick[house];
    const placedAtTick = source.orderPlacedTick[house];
    if (expiresAtTick === 0 && placedAtTick === 0) continue;
    orders.push({ house, open: expiresAtTick !== 0, expiresAtTick, placedAtTick });
  }
  return { tick: source.tick, phase: source.phase, phaseEndTick: source.phaseEndTick, round: source.round, players, orders };
}

function finiteInt(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : null;
}

/**
 * Writes a received JSON state into a replica, converting back to the fixed-point fields, so
 * code above the net layer reads the same ReplicaState whichever codec the server speaks.
 * Returns false (replica untouched) when the object does not have the expected shape.
 */
export function applyJsonState(json: unknown, state: ReplicaState): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const s = json as Partial<JsonState>;
  if (!Array.isArray(s.players) || !Array.isArray(s.orders) || finiteInt(s.tick, 0, 0x7fffffff) === null) return false;
  for (const p of s.players) {
    if (typeof p !== 'object' || p === null || finiteInt(p.id, 0, state.maxPlayers - 1) === null) return false;
  }
  for (const o of s.orders) {
    if (typeof o !== 'object' || o === null || finiteInt(o.house, 0, state.houseCount - 1) === null) return false;
  }
  state.tick = s.tick ?? 0;
  state.phase = (s.phase ?? 0) as Phase;
  state.phaseEndTick = s.phaseEndTick ?? 0;
  state.round = s.round ?? 0;
  state.active.fill(0);
  for (const p of s.players) {
    const slot = p.id;
    state.active[slot] = 1;
    state.connected[slot] = p.connected ? 1 : 0;
    state.px[slot] = Math.round(p.x * POSITION_SCALE);
    state.py[slot] = Math.round(p.y * POSITION_SCALE);
    state.heading[slot] = Math.round(p.heading / RADIANS_PER_STEP) & (HEADING_STEPS - 1);
    state.speed[slot] = Math.round(p.speed * SPEED_SCALE);
    state.ackSeq[slot] = p.lastInput >>> 0;
    state.ackLate[slot] = Math.min(255, Math.max(0, p.lastInputLate | 0));
    state.carrying[slot] = p.pizzas;
    state.score[slot] = p.score | 0;
  }
  for (let slot = 0; slot < state.maxPlayers; slot++) if (!state.active[slot]) clearReplicaSlot(state, slot);
  state.orderExpireTick.fill(0);
  state.orderPlacedTick.fill(0);
  for (const o of s.orders) {
    state.orderExpireTick[o.house] = o.expiresAtTick | 0;
    state.orderPlacedTick[o.house] = o.placedAtTick | 0;
  }
  return true;
}
