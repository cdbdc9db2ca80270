/**
 * Units of the simulation. Every stored quantity is an integer in fixed point, so the state the
 * server snapshots is exactly the state it simulates (no rounding between the two), and a
 * client replaying its inputs from a snapshot reproduces the server's result.
 */

/** World units per map tile (a world unit is one pixel at zoom 1). */
export const TILE_SIZE = 32;
/** Position quanta per world unit: positions are stored as integers in 1/8 units. */
export const POSITION_SCALE = 8;
/** Speed quanta per world unit per tick: speeds are stored as integers in 1/32 units per tick. */
export const SPEED_SCALE = 32;
/** Heading steps per full turn; 0 points east (+x), values grow clockwise on screen (y down). */
export const HEADING_STEPS = 4096;

/** Input button bits (one byte on the wire). */
export const Button = {
  Up: 1,
  Down: 2,
  Left: 4,
  Right: 8,
} as const;
export type Button = (typeof Button)[keyof typeof Button];
export const BUTTON_MASK = 0x0f;

/** Tile kinds of the city grid. Houses and shops are solid buildings you stop beside. */
export const Tile = {
  Road: 0,
  Building: 1,
  House: 2,
  Shop: 3,
  Park: 4,
} as const;
export type Tile = (typeof Tile)[keyof typeof Tile];

/** Round phases. */
export const Phase = {
  /** Waiting for a teacher to start the round (classroom rooms); scooters can ride, nothing scores. */
  Lobby: 0,
  Playing: 1,
  Results: 2,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** A player carries at most this many pizzas. */
export const MAX_CARRY = 3;
