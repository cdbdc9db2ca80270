import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import type { NodeStats } from '../node-stats';
import { apiError } from './api-error';

/** An admitted room creation: say how it ended. */
export interface CreationTicket {
  created(code: string): void;
  release(): void;
}

export interface ApiLimitsOptions {
  /** Rooms (plain and classroom together) one address may create per minute. */
  roomCreatePerMinute: number;
  /** Rooms made by one address that may be open on this node at once. */
  roomsPerAddress: number;
  /** Wrong teacher passwords one address may send per window before it must wait. */
  passwordFailuresMax: number;
  passwordFailureWindowMs: number;
  /** Whether a room is still open on this node (rooms close when empty for the grace). */
  roomOpen: (code: string) => boolean;
  stats: NodeStats;
}

/** Remembered creators past which closed rooms are swept out of the maps. */
const CREATORS_SWEEP_AT = 5_000;

/** The address a limit counts by: the client's IP (X-Forwarded-For from a trusted proxy), IPv6 by /64. */
const addressOf = (request: FastifyRequest) => normalizeIP(request.ip);

/**
 * The limits on creating rooms (issue 13 §2, §8), checked by the routes that create them.
 *
 * - A rate, on @fastify/rate-limit's store (Redis in a cluster, so every node counts the same
 *   requests): one bucket for POST /api/rooms and POST /api/classrooms together.
 * - A cap on the rooms an address has open on this node. Rooms nobody joins close after the
 *   empty-room grace, so the rate alone would let one address hold rate x grace rooms; the cap
 *   keeps one address (or one school NAT) from filling MAX_ROOMS and locking everyone out.
 * - Failed teacher passwords, counted only when they fail (the library's peek-then-count), so a
 *   school of teachers behind one NAT is not limited for typing the right one.
 *
 * Each answers the request itself (429, Retry-After) and returns false when it refused. A store
 * error (Redis away) refuses with 503: creating a room in a cluster needs Redis anyway.
 */
export class ApiLimits {
  private readonly createRate: ReturnType<FastifyInstance['createRateLimit']>;
  private readonly passwordFailures: ReturnType<FastifyInstance['createRateLimit']>;
  /** Codes of the open rooms each address created here; pruned as rooms close. */
  private readonly roomsByAddress = new Map<string, Set<string>>();
  /** The reverse: which address created each open room. */
  private readonly creators = new Map<string, string>();
  /** Creations admitted and not yet finished, per address. */
  private readonly reserved = new Map<string, number>();

  constructor(
    app: FastifyInstance,
    private readonly options: ApiLimitsOptions,
  ) {
    this.createRate = app.createRateLimit({
      max: options.roomCreatePerMinute,
      timeWindow: 60_000,
      skipOnError: false,
      keyGenerator: (request) => `room-create:${addressOf(request)}`,
    });
    this.passwordFailures = app.createRateLimit({
      max: options.passwordFailuresMax,
      timeWindow: options.passwordFailureWindowMs,
      skipOnError: false,
      keyGenerator: (request) => `teacher-password:${addressOf(request)}`,
    });
  }

  /**
   * Counts one creation against the rate, then reserves one of the address's open-room places
   * (so parallel requests cannot all pass the check before any room exists). Null when refused
   * (the reply is sent); otherwise call `created(code)` or `release()` on the ticket.
   */
  async admitRoomCreation(request: FastifyRequest, reply: FastifyReply): Promise<CreationTicket | null> {
    const rateOk = await this.check(this.createRate, request, reply, 'ROOM_CREATE_RATE', (max) => `At most ${max} new rooms a minute from one network; retry later.`);
    if (!rateOk) return null;
    const address = addressOf(request);
    const taken = this.openRoomsOf(address) + (this.reserved.get(address) ?? 0);
    if (taken >= this.options.roomsPerAddress) {
      this.options.stats.httpRateLimited++;
      await reply
        .code(429)
        .header('retry-after', '60')
        .send(apiError('ROOMS_PER_ADDRESS', `Your network already has ${taken} rooms open here; close one or try again when an empty one closes.`));
      return null;
    }
    this.reserved.set(address, (this.reserved.get(address) ?? 0) + 1);
    let settled = false;
    const release = () => {
      if (settled) return;
      settled = true;
      const left = (this.reserved.get(address) ?? 1) - 1;
      if (left <= 0) this.reserved.delete(address);
      else this.reserved.set(address, left);
    };
    return {
      created: (code) => {
        release();
        this.roomCreated(address, code);
      },
      release,
    };
  }

  /** Remembers a room the address created, for the open-rooms cap and the bots' owner. */
  private roomCreated(address: string, code: string): void {
    let codes = this.roomsByAddress.get(address);
    if (codes === undefined) {
      codes = new Set();
      this.roomsByAddress.set(address, codes);
    }
    codes.add(code);
    this.creators.set(code, address);
    // Entries of closed rooms go when their address creates again; sweep the rest now and then.
    if (this.creators.size > CREATORS_SWEEP_AT) this.sweepClosed();
  }

  private sweepClosed(): void {
    for (const [code, address] of this.creators) {
      if (this.options.roomOpen(code)) continue;
      this.creators.delete(code);
      this.roomsByAddress.get(address)?.delete(code);
    }
    for (const [address, codes] of this.roomsByAddress) if (codes.size === 0) this.roomsByAddress.delete(address);
  }

  /** The address that created `code` on this node, while the room is open. */
  creatorOf(code: string): string | undefined {
    return this.creators.get(code);
  }

  /** Before checking a password: refuses an address that failed too often lately. */
  async admitPasswordAttempt(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    return this.check(this.passwordFailures, request, reply, 'TEACHER_PASSWORD_LIMIT', (max, ttlS) => `${max} wrong passwords from your network; try again in ${ttlS} s.`, false);
  }

  /** After a wrong password: counts it. */
  async passwordFailed(request: FastifyRequest): Promise<void> {
    await this.passwordFailures(request).catch(() => undefined);
  }

  private openRoomsOf(address: string): number {
    const codes = this.roomsByAddress.get(address);
    if (codes === undefined) return 0;
    for (const code of codes) {
      if (this.options.roomOpen(code)) continue;
      codes.delete(code);
      this.creators.delete(code);
    }
    if (codes.size === 0) this.roomsByAddress.delete(address);
    return codes.size;
  }

  private async check(
    limiter: ReturnType<FastifyInstance['createRateLimit']>,
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    message: (max: number, ttlS: number) => string,
    increment = true,
  ): Promise<boolean> {
    let result: Awaited<ReturnType<typeof limiter>>;
    try {
      result = await limiter(request, { increment });
    } catch {
      await reply.code(503).header('retry-after', '2').send(apiError('TRY_AGAIN', 'The shared limits are unreachable right now; try again.'));
      return false;
    }
    if (result.isAllowed) return true;
    // A peek reports the failures so far: refuse once they reach the maximum.
    const over = increment ? result.isExceeded : result.remaining === 0;
    if (!over) return true;
    this.options.stats.httpRateLimited++;
    await reply.code(429).header('retry-after', String(Math.max(1, result.ttlInSeconds))).send(apiError(code, message(result.max, Math.max(1, result.ttlInSeconds))));
    return false;
  }
}
