import type { ReplicaState } from '../../shared/protocol/replica-state';
import type { City } from '../../shared/sim/city';
import type { RenderView } from '../net/game-session';

/**
 * What scenes may read of the game: the predicted / interpolated view and the replica, never
 * the connection (style.md: scenes never touch a socket).
 */
export interface SceneFeed {
  readonly city: City | null;
  readonly state: ReplicaState | null;
  readonly selfId: number;
  readonly tickRateHz: number;
  /** Where to draw everything at nowMs; null until the first keyframe. */
  frame(nowMs: number): RenderView | null;
  nameOf(id: number): string;
  /** Text of the shop label, in the current language. */
  shopLabel(): string;
}

/** Scene keys equal class names (style.md, Phaser template). */
export const SceneKey = {
  Boot: 'BootScene',
  Game: 'GameScene',
} as const;
