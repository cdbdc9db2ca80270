import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, type AuthTokens, type TokenClaims } from '../security/auth-tokens';
import { apiError } from './api-error';

/**
 * Checks the request's Bearer token. 401 when it is missing or invalid (the client should
 * authenticate), 403 when it is valid but not allowed here (a player's token on a teacher
 * action, or another room's token): RFC 9110 §15.5.2 / §15.5.4.
 */
const TOKEN_MESSAGES = {
  TOKEN_EXPIRED: 'The token has expired.',
  TOKEN_INVALID: 'The token is not valid.',
  TOKEN_REVOKED: 'That session was ended (the player was removed from the room).',
} as const;

/**
 * For what a room's own people may read (its leaderboard): a valid token of that room, the
 * teacher's or a player's. Same 401/403 rules as requireRole.
 */
export async function requireRoomMember(auth: AuthTokens, request: FastifyRequest, reply: FastifyReply, room: string): Promise<TokenClaims | null> {
  const claims = await verifiedClaims(auth, request, reply);
  if (claims === null) return null;
  if (claims.room !== room) {
    await reply.code(403).send(apiError('FORBIDDEN_ROOM', 'The token is for another room.'));
    return null;
  }
  return claims;
}

/**
 * When a request may come with or without a token (the overall leaderboard): no Authorization
 * header is 'anonymous'; a header with a bad token is still refused (401), so a client learns
 * its token is stale instead of silently getting the public view.
 */
export async function optionalClaims(auth: AuthTokens, request: FastifyRequest, reply: FastifyReply): Promise<TokenClaims | 'anonymous' | null> {
  if (request.headers.authorization === undefined) return 'anonymous';
  return verifiedClaims(auth, request, reply);
}

async function verifiedClaims(auth: AuthTokens, request: FastifyRequest, reply: FastifyReply): Promise<TokenClaims | null> {
  const header = request.headers.authorization;
  const token = bearerToken(header);
  if (token === null) {
    // A Bearer that is not a JWT is a wrong token, not a missing one: "needs a token" misled a
    // caller who had passed one.
    if (header !== undefined && /^Bearer\s+\S/i.test(header)) {
      await reply.code(401).header('www-authenticate', `Bearer error="invalid_token"`).send(apiError('TOKEN_INVALID', TOKEN_MESSAGES.TOKEN_INVALID));
    } else {
      await reply.code(401).header('www-authenticate', 'Bearer').send(apiError('TOKEN_MISSING', 'This needs a Bearer token.'));
    }
    return null;
  }
  const verified = await auth.verify(token);
  if (!verified.ok) {
    if (verified.code === 'TOKEN_UNCHECKED') {
      await reply.code(503).header('retry-after', '2').send(apiError('TRY_AGAIN', 'The token cannot be checked right now; try again.'));
      return null;
    }
    await reply
      .code(401)
      .header('www-authenticate', `Bearer error="invalid_token"`)
      .send(apiError(verified.code, TOKEN_MESSAGES[verified.code]));
    return null;
  }
  return verified.claims;
}

export async function requireRole(
  auth: AuthTokens,
  request: FastifyRequest,
  reply: FastifyReply,
  role: TokenClaims['role'],
  room?: string,
): Promise<TokenClaims | null> {
  const claims = await verifiedClaims(auth, request, reply);
  if (claims === null) return null;
  if (claims.role !== role) {
    await reply.code(403).send(apiError('FORBIDDEN_ROLE', `This needs a ${role}'s token.`));
    return null;
  }
  if (room !== undefined && claims.room !== room) {
    await reply.code(403).send(apiError('FORBIDDEN_ROOM', 'The token is for another room.'));
    return null;
  }
  return claims;
}
