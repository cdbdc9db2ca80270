import { jwtVerify, SignJWT, errors } from 'jose';

/** Who a token speaks for. Teacher-only actions refuse 'player'. */
export type Role = 'player' | 'teacher';

export interface TokenClaims {
  role: Role;
  /** The room the token is for. */
  room: string;
  /** Player slot (players only). */
  slot?: number;
  name?: string;
  /** The game session a player token stands for (sessionIdOf its resume token): kicks revoke it. */
  sid?: string;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims & { exp: number; iat: number } }
  /** TOKEN_UNCHECKED: the revocation list could not be read (Redis away); try again. */
  | { ok: false; code: 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_REVOKED' | 'TOKEN_UNCHECKED' };

/** Whether a session was revoked; rejects when that cannot be known. */
export type RevocationCheck = (sessionId: string) => Promise<boolean>;

const ISSUER = 'roundtrip';
const ALGORITHM = 'HS256';

/**
 * Signed tokens (JWT, HS256 via jose) for players and teachers. Stateless: any node with the
 * same secret verifies any token, and nothing about the caller is kept between requests.
 */
export class AuthTokens {
  private readonly key: Uint8Array;
  private revoked: RevocationCheck = async () => false;

  constructor(
    secret: string,
    private readonly playerTtlS = 4 * 3600,
    private readonly teacherTtlS = 12 * 3600,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  signPlayer(room: string, slot: number, name: string, sessionId: string): Promise<string> {
    return this.sign({ role: 'player', room, slot, name, sid: sessionId }, this.playerTtlS);
  }

  /** How long a player token lives: a revocation must last as long. */
  get playerTokenTtlMs(): number {
    return this.playerTtlS * 1000;
  }

  /**
   * Where revoked sessions are looked up (the session store: this node's memory, or Redis in a
   * cluster). Every verification of a player token asks it.
   */
  checkRevocationsWith(check: RevocationCheck): void {
    this.revoked = check;
  }

  signTeacher(room: string): Promise<string> {
    return this.sign({ role: 'teacher', room }, this.teacherTtlS);
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      // exp and iat are required: jose checks exp only when present, and a token without one
      // would never expire (issue 13 §8).
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: [ALGORITHM], requiredClaims: ['exp', 'iat'] });
      const role = payload.role;
      const room = payload.room;
      if ((role !== 'player' && role !== 'teacher') || typeof room !== 'string' || payload.exp === undefined || payload.iat === undefined) {
        return { ok: false, code: 'TOKEN_INVALID' };
      }
      const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
      if (role === 'player') {
        if (sid === undefined || typeof payload.slot !== 'number') return { ok: false, code: 'TOKEN_INVALID' };
        const revoked = await this.revoked(sid).catch(() => null);
        if (revoked === null) return { ok: false, code: 'TOKEN_UNCHECKED' };
        if (revoked) return { ok: false, code: 'TOKEN_REVOKED' };
      }
      return {
        ok: true,
        claims: {
          role,
          room,
          slot: typeof payload.slot === 'number' ? payload.slot : undefined,
          name: typeof payload.name === 'string' ? payload.name : undefined,
          sid,
          exp: payload.exp,
          iat: payload.iat,
        },
      };
    } catch (error) {
      return { ok: false, code: error instanceof errors.JWTExpired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID' };
    }
  }

  private sign(claims: TokenClaims, ttlS: number): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.role === 'player' ? `player:${claims.room}:${claims.slot}` : `teacher:${claims.room}`)
      .setIssuedAt()
      .setExpirationTime(`${ttlS}s`)
      .sign(this.key);
  }
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(header);
  return match === null ? null : match[1];
}
