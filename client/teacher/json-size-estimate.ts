/**
 * What one snapshot would weigh as JSON, for the protocols lesson's meter. The game never
 * sends this: it is measured from a representative object with the same fields the binary
 * snapshot carries per player (shared/protocol), at typical mid-game values.
 */
const REPRESENTATIVE_PLAYER = {
  id: 7,
  x: 1234.5,
  y: 876.25,
  vx: -3.75,
  vy: 12.5,
  heading: 11,
  speed: 180,
  carrying: 2,
  score: 140,
  deliveries: 7,
  connected: true,
  lastInputSeq: 48213,
};

/** The per-snapshot fields around the players: tick, phase, timer, open orders. */
const REPRESENTATIVE_ENVELOPE = { tick: 123456, phase: 1, phaseEndTick: 128000, orders: [0, 0, 123900, 0, 124500, 0, 0, 125100], players: [] };

/** Bytes of one player's entry as JSON (UTF-8; all ASCII here, so length = bytes). */
export function jsonBytesPerPlayer(): number {
  return JSON.stringify(REPRESENTATIVE_PLAYER).length;
}

/** Bytes of a whole snapshot with `players` entries: envelope + entries + the commas between. */
export function jsonSnapshotBytes(players: number): number {
  const n = Math.max(0, Math.floor(players));
  return JSON.stringify(REPRESENTATIVE_ENVELOPE).length + n * jsonBytesPerPlayer() + Math.max(0, n - 1);
}
