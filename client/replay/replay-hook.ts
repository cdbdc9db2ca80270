import type { DrawnScooter } from './ReplayScene';

/** What `window.roundtripReplay.state()` returns: plain JSON of what the replay page shows. No secrets. */
export interface ReplayPageState {
  mode: 'replay' | 'live' | 'none';
  /** 'loading', 'waiting' (the round is still running), 'ready' or 'error'. */
  status: string;
  renderer: 'webgl' | 'canvas' | null;
  room: string;
  round: number | null;
  /** The playhead (fractional ticks) and the tick the replayer stands at; live: the room's tick. */
  position: number;
  tick: number;
  startTick: number;
  endTick: number;
  playing: boolean;
  speed: number;
  lens: 'server' | 'student';
  followed: number;
  /** The student's lens delay of the followed player, ms (0 under the server's lens). */
  lensDelayMs: number;
  /** Ticks between the room's snapshots, from the recording's header (live: from the watch). */
  ticksPerSnapshot: number;
  /** Where the scene drew each scooter on its last frame, world units. */
  drawn: DrawnScooter[];
  /** Order bubbles the scene shows. */
  openOrders: number;
  standings: { slot: number; name: string; score: number; rttMs: number | null; lagging: boolean; connected: boolean }[];
  /** Timeline marks (replay). */
  marks: { tick: number; kind: string }[];
  /** Snapshots the live view received, and inputs it sent (always 0: a spectator has none). */
  snapshots: number;
}

export interface ReplayHook {
  state(): ReplayPageState;
}

declare global {
  interface Window {
    roundtripReplay: ReplayHook;
  }
}

/**
 * The replay page's read-only test hook (as client/test-hook.ts is the game's): Playwright reads
 * what the page drew from it, and compares with positions it computes from the recording.
 */
export function installReplayHook(win: Window, state: () => ReplayPageState): void {
  win.roundtripReplay = { state };
}
