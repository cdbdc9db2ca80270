import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, type AuthTokens, type TokenClaims } from '../security/auth-tokens';
import { apiError } from './rooms-routes';

/**
 * Checks the request's Bearer token. 401 when it is missing or invalid (the client should
 * authenticate), 403 when it is valid but not allowed here (a player's token on a teacher
 * action, or another room's token): RFC 9110 §15.5.2 / §15.5.4.
 */
export async function requireRole(
  auth: AuthTokens,
  request: FastifyRequest,
  reply: FastifyReply,
  role: TokenClaims['role'],
  room?: string,
): Promise<TokenClaims | null> {
  const token = bearerToken(request.headers.authorization);
  if (token === null) {
    await reply.code(401).header('www-authenticate', 'Bearer').send(apiError('TOKEN_MISSING', 'This needs a Bearer token.'));
    return null;
  }
  const verified = await auth.verify(token);
  if (!verified.ok) {
    await reply
      .code(401)
      .header('www-authenticate', `Bearer error="invalid_token"`)
      .send(apiError(verified.code, verified.code === 'TOKEN_EXPIRED' ? 'The token has expired.' : 'The token is not valid.'));
    return null;
  }
  if (verified.claims.role !== role) {
    await reply.code(403).send(apiError('FORBIDDEN_ROLE', `This needs a ${role}'s token.`));
    return null;
  }
  if (room !== undefined && verified.claims.room !== room) {
    await reply.code(403).send(apiError('FORBIDDEN_ROOM', 'The token is for another room.'));
    return null;
  }
  return verified.claims;
}
