import { GameConnection } from '../../client/net/game-connection';
import type { GameNode } from '../../server/game-node';

export interface Classroom {
  code: string;
  teacherToken: string;
}

export async function openClassroom(node: GameNode): Promise<Classroom> {
  const response = await fetch(`${node.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (response.status !== 201) throw new Error(`POST /api/classrooms answered ${response.status}`);
  return (await response.json()) as Classroom;
}

export interface JoinedPlayer {
  connection: GameConnection;
  playerId: number;
  resumeToken: string;
  /** The signed player token /api/session trades the resume token for. */
  playerToken: string;
}

/** A real game client joins `code`, then trades its resume token for a player JWT. */
export async function joinAndSignIn(node: GameNode, code: string, name: string, onCleanup: (c: () => unknown) => void): Promise<JoinedPlayer> {
  const connection = new GameConnection({ url: node.url, reconnect: false });
  onCleanup(() => connection.close());
  const welcome = await connection.join(code, name);
  const session = await fetch(`${node.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken: welcome.resumeToken }) });
  if (session.status !== 200) throw new Error(`POST /api/session answered ${session.status}`);
  const { playerToken } = (await session.json()) as { playerToken: string };
  return { connection, playerId: welcome.playerId, resumeToken: welcome.resumeToken, playerToken };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
