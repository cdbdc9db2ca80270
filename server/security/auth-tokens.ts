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
}

export type VerifyResult = { ok: true; claims: TokenClaims & { exp: number; iat: number } } | { ok: false; code: 'TOKEN_EXPIRED' | 'TOKEN_INVALID' };

const ISSUER = 'roundtrip';
const ALGORITHM = 'HS256';

/**
 * Signed tokens (JWT, HS256 via jose) for players and teachers. Stateless: any node with the
 * same secret verifies any token, and nothing about the caller is kept between requests.
 */
export class AuthTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly playerTtlS = 4 * 3600,
    private readonly teacherTtlS = 12 * 3600,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  signPlayer(room: string, slot: number, name: string): Promise<string> {
    return this.sign({ role: 'player', room, slot, name }, this.playerTtlS);
  }

  signTeacher(room: string): Promise<string> {
    return this.sign({ role: 'teacher', room }, this.teacherTtlS);
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: [ALGORITHM] });
      const role = payload.role;
      const room = payload.room;
      if ((role !== 'player' && role !== 'teacher') || typeof room !== 'string') return { ok: false, code: 'TOKEN_INVALID' };
      return {
        ok: true,
        claims: {
          role,
          room,
          slot: typeof payload.slot === 'number' ? payload.slot : undefined,
          name: typeof payload.name === 'string' ? payload.name : undefined,
          exp: payload.exp ?? 0,
          iat: payload.iat ?? 0,
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
