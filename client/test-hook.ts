import { POSITION_SCALE } from '../shared/sim/constants';
import type { SteeringMode } from './input/steering-mode';
import type { GameSession } from './net/game-session';
import type { RewardReport } from './scenes/delivery-effects';
import type { GuideReport } from './scenes/guide-arrow';

/** What `window.roundtrip.snapshot()` returns: plain JSON of what the page shows. No secrets. */
export interface ClientSnapshot {
  connected: boolean;
  status: string;
  reconnecting: boolean;
  room: string | null;
  selfId: number;
  tick: number;
  phase: number;
  phaseEndTick: number;
  seed: number | null;
  tickRateHz: number | null;
  renderer: string | null;
  inspectorOpen: boolean;
  prediction: boolean;
  interpolation: boolean;
  rttMs: number | null;
  simulatedLatencyMs: number;
  players: {
    id: number;
    name: string;
    x: number;
    y: number;
    heading: number;
    speed: number;
    score: number;
    carrying: number;
    connected: boolean;
  }[];
  /** Per house: tick its open order expires, 0 when none. */
  orderExpireTick: number[];
}

/** A text label on the Phaser canvas, as Phaser measured (and so drew) it. */
export interface CanvasLabel {
  text: string;
  fontFamily: string;
  fontSize: string;
  fontStyle: string;
  strokeThickness: number;
  /** Phaser's measured width in CSS pixels: the text's width in the font it was drawn with. */
  width: number;
}

export interface RoundtripHook {
  snapshot(): ClientSnapshot;
  /** The game scene's labels (shop, players' names); empty before the game starts. */
  labels(): CanvasLabel[];
  /** The onboarding guide: its target and where the arrow (or on-target marker) is drawn. */
  guide(): GuideReport | null;
  /** Deliveries the game celebrated recently (points floated, house burst), newest last. */
  rewards(): RewardReport[];
  /** The steering mode keys and stick use now. */
  steering(): SteeringMode;
  /**
   * The arrow key the bots' brain would hold now to ride this scooter on (client/input/
   * autopilot.ts, pointKey), for e2e tests that drive through the keyboard path from inside
   * the page; null: let go, or not in a game.
   */
  autopilotKey(): string | null;
}

declare global {
  interface Window {
    roundtrip: RoundtripHook;
  }
}

export interface HookSources {
  session: GameSession;
  renderer(): string | null;
  inspectorOpen(): boolean;
  labels(): CanvasLabel[];
  guide(): GuideReport | null;
  rewards(): RewardReport[];
  steering(): SteeringMode;
  autopilotKey(): string | null;
}

/**
 * The read-only test hook (issue #4): Playwright reads the game through it instead of pixels.
 * Positions are the server's (px / POSITION_SCALE), as the latest snapshot has them.
 */
export function installTestHook(win: Window, src: HookSources): void {
  win.roundtrip = {
    labels: () => src.labels(),
    guide: () => src.guide(),
    rewards: () => src.rewards(),
    steering: () => src.steering(),
    autopilotKey: () => src.autopilotKey(),
    snapshot(): ClientSnapshot {
      const s = src.session;
      const c = s.connection;
      const state = s.state;
      const players: ClientSnapshot['players'] = [];
      if (state !== null && c.decoder?.synced) {
        for (let id = 0; id < state.maxPlayers; id++) {
          if (!state.active[id]) continue;
          players.push({
            id,
            name: s.nameOf(id),
            x: state.px[id] / POSITION_SCALE,
            y: state.py[id] / POSITION_SCALE,
            heading: state.heading[id],
            speed: state.speed[id],
            score: state.score[id],
            carrying: state.carrying[id],
            connected: state.connected[id] === 1,
          });
        }
      }
      return {
        connected: c.connected && s.status === 'playing',
        status: s.status,
        reconnecting: s.status === 'reconnecting',
        room: c.welcome?.room ?? null,
        selfId: c.playerId,
        tick: state?.tick ?? 0,
        phase: state?.phase ?? 0,
        phaseEndTick: state?.phaseEndTick ?? 0,
        seed: c.welcome?.seed ?? null,
        tickRateHz: c.welcome?.tickRateHz ?? null,
        renderer: src.renderer(),
        inspectorOpen: src.inspectorOpen(),
        prediction: s.predictionEnabled,
        interpolation: s.interpolationEnabled,
        rttMs: Number.isNaN(c.rttMs) ? null : c.rttMs,
        simulatedLatencyMs: s.lag.latencyMs,
        players,
        orderExpireTick: state === null ? [] : Array.from(state.orderExpireTick),
      };
    },
  };
}
