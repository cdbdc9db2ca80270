import { HEADING_STEPS, Phase, POSITION_SCALE, SPEED_SCALE, TILE_SIZE } from './constants';
import { generateCity, type City } from './city';
import { Arena } from './arena';
import type { RngHolder } from './rng';
import {
  allocateInputArrays,
  allocatePlayerArrays,
  inputArraysBytes,
  NETWORKED_FIELD_NAMES,
  PLAYER_FIELD_NAMES,
  playerArraysBytes,
  SERVER_FIELD_NAMES,
  type InputArrays,
  type PlayerArrays,
} from './player-fields';

/** Room-level settings of a simulation; everything a client needs to predict comes from here. */
export interface WorldConfig {
  /** Simulation ticks per second. @default 30 */
  tickRateHz: number;
  /** Player slots in the room. @default 40 */
  maxPlayers: number;
  /** Length of a round. @default 180 */
  roundSeconds: number;
  /** Length of the results phase between rounds. @default 10 */
  resultsSeconds: number;
  /** Seed of the city map and of every random event in the room. */
  seed: number;
  /** Start rounds by themselves (true) or wait in the lobby for startRound (classroom rooms). @default true */
  autoRounds: boolean;
}

export const DEFAULT_WORLD_CONFIG: Omit<WorldConfig, 'seed'> = {
  tickRateHz: 30,
  maxPlayers: 40,
  roundSeconds: 180,
  resultsSeconds: 10,
  autoRounds: true,
};

/**
 * Scooter handling, per tick and in fixed-point units, derived from per-second figures so a
 * different tick rate rides the same. Client prediction derives the same numbers from the
 * tick rate the welcome message carries.
 */
export interface MovementParams {
  /** Top forward speed, speed quanta. */
  maxSpeed: number;
  /** Top reverse speed (positive number), speed quanta. */
  maxReverse: number;
  /** Speed gained per tick while throttling, speed quanta. */
  accel: number;
  /** Speed lost per tick while braking, speed quanta. */
  brake: number;
  /** Speed lost per tick while coasting, speed quanta. */
  drag: number;
  /** Heading steps turned per tick at full steering. */
  turnSteps: number;
  /** Scooter collision radius in position quanta. */
  radius: number;
  /** Distance (position quanta) within which a scooter picks up at a shop or delivers to a house. */
  reach: number;
}

export function movementParamsFor(tickRateHz: number): MovementParams {
  const perTick = (unitsPerSecond: number) => Math.round((unitsPerSecond / tickRateHz) * SPEED_SCALE);
  const perTick2 = (unitsPerSecond2: number) =>
    Math.max(1, Math.round((unitsPerSecond2 / tickRateHz / tickRateHz) * SPEED_SCALE));
  return {
    maxSpeed: perTick(190),
    maxReverse: perTick(60),
    accel: perTick2(260),
    brake: perTick2(520),
    drag: perTick2(140),
    turnSteps: Math.max(1, Math.round((HEADING_STEPS * 0.55) / tickRateHz)),
    radius: 9 * POSITION_SCALE,
    reach: Math.round(TILE_SIZE * 1.25 * POSITION_SCALE),
  };
}

/**
 * The whole state of one room. Player fields are parallel typed arrays indexed by slot
 * (the player id on the wire), allocated once, so a tick writes numbers and never allocates;
 * which fields there are is declared once, in player-fields.ts.
 */
export interface World extends RngHolder, PlayerArrays {
  readonly config: WorldConfig;
  readonly params: MovementParams;
  readonly city: City;
  /** Ticks simulated since the room opened. */
  tick: number;
  phase: Phase;
  /** Tick at which the current phase ends (0 while in the lobby). */
  phaseEndTick: number;
  /** Rounds started so far. */
  round: number;
  /** Tick at which the next order is placed. */
  nextOrderTick: number;

  readonly maxPlayers: number;

  /** Per house (index into city.houses): tick the open order expires, 0 when none. */
  readonly orderExpireTick: Int32Array;
  /** Per house: tick the open order was placed (for the speed bonus). */
  readonly orderPlacedTick: Int32Array;

  /** Totals for stats and tests. */
  deliveredTotal: number;
  expiredTotal: number;
}

/**
 * One tick's inputs, per slot; the server fills and reuses one of these per room. Its fields
 * are the input field list (player-fields.ts, INPUT_FIELDS) plus `has`.
 */
export interface InputFrame extends InputArrays {
  /** 1 when the slot has an input this tick. */
  readonly has: Uint8Array;
}

export function createInputFrame(maxPlayers: number): InputFrame {
  const arena = new Arena(inputArraysBytes(maxPlayers) + maxPlayers);
  const fields = allocateInputArrays(arena, maxPlayers);
  return { ...fields, has: arena.uint8(maxPlayers) };
}

export function createWorld(config: WorldConfig): World {
  const city = generateCity(config.seed);
  const n = config.maxPlayers;
  const houses = city.houses.length;
  // Every per-slot and per-house array in one buffer. The networked fields come as one block
  // laid out as a snapshot replica lays them out, so the encoder copies the world into its
  // baseline in one go; the server-only fields after it.
  const arena = new Arena(Arena.bytesFor(2 * houses, 0) + playerArraysBytes(PLAYER_FIELD_NAMES, n));
  const orderExpireTick = arena.int32(houses);
  const orderPlacedTick = arena.int32(houses);
  const networked = allocatePlayerArrays(arena, NETWORKED_FIELD_NAMES, n);
  const serverOnly = allocatePlayerArrays(arena, SERVER_FIELD_NAMES, n);
  const players = { ...networked, ...serverOnly } as PlayerArrays;
  return {
    config,
    params: movementParamsFor(config.tickRateHz),
    city,
    rngState: config.seed | 0,
    tick: 0,
    phase: Phase.Lobby,
    phaseEndTick: 0,
    round: 0,
    nextOrderTick: 0,
    maxPlayers: n,
    ...players,
    orderExpireTick,
    orderPlacedTick,
    deliveredTotal: 0,
    expiredTotal: 0,
  };
}
