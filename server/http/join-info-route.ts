import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { NodeConfig } from '../config';
import { isLoopbackHost, lanAddresses, type InterfaceTable } from '../lan-addresses';

/**
 * GET /api/join-info: what the teacher console needs to print a join link students can open
 * (issue 12). The same for every caller, so it is cacheable; nothing in it is secret (the
 * addresses are what every device on the network sees anyway, and only whether a teacher
 * password is set, never the password).
 */
export interface JoinInfo {
  /** PUBLIC_URL when set to an address others can reach (a loopback one is not). */
  publicUrl: string | null;
  /** This machine's network addresses, best first (server/lan-addresses.ts). */
  lanAddresses: string[];
  /** Whether opening a classroom room asks for TEACHER_PASSWORD. */
  teacherPasswordRequired: boolean;
}

/** A minute: addresses change when a laptop changes networks, rarely within a lesson. */
const MAX_AGE_S = 60;

export function joinInfo(config: Pick<NodeConfig, 'publicUrl' | 'teacherPassword'>, table?: InterfaceTable): JoinInfo {
  const publicUrl = config.publicUrl !== undefined && !isLoopbackHost(new URL(config.publicUrl).hostname) ? config.publicUrl.replace(/\/+$/, '') : null;
  return { publicUrl, lanAddresses: lanAddresses(table), teacherPasswordRequired: config.teacherPassword !== undefined };
}

export function registerJoinInfoRoute(app: FastifyInstance, config: NodeConfig, interfaces?: () => InterfaceTable): void {
  app.get('/api/join-info', async (request, reply) => {
    const body = JSON.stringify(joinInfo(config, interfaces?.()));
    // Strong validator from the body (RFC 9110 §8.8.3): a revalidation costs a 304.
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    reply.header('cache-control', `public, max-age=${MAX_AGE_S}`).header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
      return reply.code(304).send();
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
