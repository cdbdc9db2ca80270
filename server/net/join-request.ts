import { z } from 'zod';

/**
 * The one control message a client sends to get into a room. Validated with zod at the edge:
 * everything past this point sees a typed value, never the raw payload.
 */
const JoinByCode = z.object({
  v: z.number().int(),
  code: z.string().max(32),
  name: z.string().max(200),
  /** The browser's random id (PROTOCOL.md): lets a room keep a removed student out. */
  device: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});
const JoinByResume = z.object({
  v: z.number().int(),
  resume: z.string().min(1).max(128),
});
const JoinRequestSchema = z.union([JoinByResume, JoinByCode]);

export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export function parseJoinRequest(payload: unknown): JoinRequest | null {
  const parsed = JoinRequestSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
