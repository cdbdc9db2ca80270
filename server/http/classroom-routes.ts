import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ClassroomService } from '../classroom/classroom-service';
import { TeacherActionSchema } from '../classroom/teacher-action';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import { normalizeRoomCode } from '../../shared/protocol/room-code';
import { sessionIdOf } from '../security/session-id';
import type { AuthTokens } from '../security/auth-tokens';
import type { ApiLimits } from './api-limits';
import { requireRole } from './auth-guard';
import { apiError } from './api-error';

export interface ClassroomRoutesDeps {
  classroom: ClassroomService;
  auth: AuthTokens;
  cluster: ClusterCoordinator;
  limits: ApiLimits;
  /** TEACHER_PASSWORD is set: creating a classroom checks it (and counts wrong ones). */
  passwordRequired: boolean;
}

const CreateClassroomBody = z.object({ password: z.string().max(200).optional() }).strict();
const SessionBody = z.object({ resumeToken: z.string().min(1).max(128) }).strict();

/** Teacher actions by name: POST /api/rooms/CODE/start, /end, /lock, /unlock, /kick, /readmit, /bots, /conditions. */
const ACTIONS = new Set(['start', 'end', 'lock', 'unlock', 'kick', 'readmit', 'bots', 'conditions']);

function validationMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

export function registerClassroomRoutes(app: FastifyInstance, deps: ClassroomRoutesDeps): void {
  const { classroom, auth, cluster } = deps;

  app.post('/api/classrooms', async (request, reply) => {
    const body = CreateClassroomBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(apiError('VALIDATION', validationMessage(body.error)));
    if (deps.passwordRequired && !(await deps.limits.admitPasswordAttempt(request, reply))) return reply;
    const ticket = await deps.limits.admitRoomCreation(request, reply);
    if (ticket === null) return reply;
    const created = await classroom.createClassroom(body.data.password).finally(() => ticket.release());
    if (!created.ok) {
      if (created.code === 'TEACHER_PASSWORD') await deps.limits.passwordFailed(request);
      return reply.code(created.status).send(apiError(created.code, created.message));
    }
    ticket.created(created.code);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({ code: created.code, teacherToken: created.teacherToken, joinPath: `/?room=${created.code}` });
  });

  app.get<{ Params: { code: string } }>('/api/rooms/:code/teacher', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    if (code === null) return reply.code(404).send(apiError('ROOM_NOT_FOUND', 'There is no such room.'));
    if ((await requireRole(auth, request, reply, 'teacher', code)) === null) return reply;
    const result = await classroom.run(code, null);
    if (!result.ok) return reply.code(result.status).send(apiError(result.code, result.message));
    return reply.header('cache-control', 'no-store').send(result.room);
  });

  app.post<{ Params: { code: string; action: string } }>('/api/rooms/:code/:action', async (request, reply) => {
    const code = normalizeRoomCode(request.params.code);
    if (code === null || !ACTIONS.has(request.params.action)) {
      return reply.code(404).send(apiError('NOT_FOUND', `Nothing at POST ${request.url.slice(0, 80)}.`));
    }
    if ((await requireRole(auth, request, reply, 'teacher', code)) === null) return reply;
    const raw = typeof request.body === 'object' && request.body !== null ? request.body : {};
    const parsed = TeacherActionSchema.safeParse({ ...raw, action: request.params.action });
    if (!parsed.success) return reply.code(400).send(apiError('VALIDATION', validationMessage(parsed.error)));
    const result = await classroom.run(code, parsed.data);
    if (!result.ok) return reply.code(result.status).send(apiError(result.code, result.message));
    return reply.header('cache-control', 'no-store').send(result.room);
  });

  /**
   * Trades a resume token (what the game's welcome gave) for a signed player token, so the
   * stateless API can be called with nothing but the token: any node answers, from the
   * cluster's session store.
   */
  app.post('/api/session', async (request, reply) => {
    const body = SessionBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(apiError('VALIDATION', validationMessage(body.error)));
    const session = await cluster.sessionOf(body.data.resumeToken);
    if (session === null) return reply.code(404).send(apiError('SESSION_EXPIRED', 'That session has expired.'));
    const token = await auth.signPlayer(session.code, session.slot, session.name, sessionIdOf(body.data.resumeToken));
    return reply.header('cache-control', 'no-store').send({ playerToken: token, room: session.code, playerId: session.slot });
  });

  /** Who am I? Answered from the token alone (and the shared leaderboard), by any node. */
  app.get('/api/me', async (request, reply) => {
    const claims = await requireRole(auth, request, reply, 'player');
    if (claims === null) return reply;
    const board = await cluster.shared.leaderboards.get(claims.room).catch(() => null);
    const me = board?.players.find((p) => p.id === claims.slot);
    return reply.header('cache-control', 'private, no-store').send({
      room: claims.room,
      playerId: claims.slot,
      name: claims.name,
      score: me?.score ?? null,
      answeredBy: cluster.nodeId,
    });
  });
}
