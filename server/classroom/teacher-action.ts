import { z } from 'zod';
import type { Conditions } from '../../shared/protocol/control-messages';
import type { RemovedPlayer } from '../rooms/room-removals';

export type { Conditions, RemovedPlayer };

/** Network conditions a teacher puts on one player's connection or on everyone in a room. */
export const ConditionsSchema = z.object({
  latencyMs: z.number().int().min(0).max(2000).default(0),
  jitterMs: z.number().int().min(0).max(1000).default(0),
  lossPct: z.number().min(0).max(50).default(0),
}) satisfies z.ZodType<Conditions, unknown>;

/** Every teacher action, validated at the HTTP edge (bodies are `unknown` until parsed). */
export const TeacherActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('start'),
    roundSeconds: z.number().int().min(10).max(3600).optional(),
    /** Start over while a round runs (scores reset); without it a running round is refused. */
    restart: z.boolean().optional(),
  }),
  z.object({ action: z.literal('end') }),
  z.object({ action: z.literal('lock') }),
  z.object({ action: z.literal('unlock') }),
  z.object({ action: z.literal('kick'), playerId: z.number().int().min(0).max(199) }),
  /** "Let back in": a removed student's device may join this room again. */
  z.object({ action: z.literal('readmit'), removalId: z.number().int().min(1).max(2 ** 31) }),
  z.object({ action: z.literal('bots'), add: z.number().int().min(0).max(40).default(0), remove: z.number().int().min(0).max(40).default(0) }),
  z.object({
    action: z.literal('conditions'),
    /** One player's connection, or (absent) everyone in the room. */
    playerId: z.number().int().min(0).max(199).optional(),
    conditions: ConditionsSchema,
  }),
]);
export type TeacherAction = z.infer<typeof TeacherActionSchema>;

export interface RosterEntry {
  id: number;
  name: string;
  score: number;
  deliveries: number;
  carrying: number;
  connected: boolean;
  bot: boolean;
  /** Round-trip time the server measured to this player, ms (null before the first sample). */
  rttMs: number | null;
  /** Node the player's connection is on. */
  node: string;
  conditions: Conditions | null;
}

export interface RoomView {
  code: string;
  owner: string;
  phase: string;
  round: number;
  /** The room's simulation tick: it keeps climbing across a failover (the lesson watches it). */
  tick: number;
  roundSecondsLeft: number;
  roundSeconds: number;
  locked: boolean;
  capacity: number;
  bots: number;
  /** Conditions on everyone in the room (the field keeps its first name for the console). */
  nodeConditions: Conditions | null;
  players: RosterEntry[];
  /** Students the teacher removed, kept out until let back in (newest last). */
  removed: RemovedPlayer[];
}

export type ActionResult = { ok: true; room: RoomView } | { ok: false; status: number; code: string; message: string };
