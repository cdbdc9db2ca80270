import http from 'node:http';
import { GameConnection, JoinRefusedError } from '../../client/net/game-connection';
import { ErrorCode } from '../../shared/protocol/error-code';

export interface LandedClient {
  connection: GameConnection;
  /** The node the welcome came from. */
  nodeId: string;
  /** The room joined (one of the codes offered). */
  room: string;
}

export interface LandingOptions {
  /** Source address to bind to (127.0.0.2, 127.0.0.3, ...): the client's IP as the balancer sees it. */
  localAddress: string;
  /** @default ['websocket'] */
  transports?: ('websocket' | 'polling')[];
  name?: string;
}

/**
 * Connects a real game client through `url` (a balancer) from `localAddress`, then finds out
 * where it landed by joining: each node hosts one of `roomCodes` and without cluster mode only
 * the node the client reached knows its room, so the first code that is not ROOM_NOT_FOUND
 * names the node (the welcome carries nodeId). A refused join leaves the connection open.
 */
let nextClient = 1;

export async function connectAndLand(url: string, roomCodes: readonly string[], options: LandingOptions): Promise<LandedClient> {
  // WebSocket (ws) and polling (xmlhttprequest-ssl) both take an http.Agent; ws also takes localAddress.
  const agent = new http.Agent({ localAddress: options.localAddress });
  const connection = new GameConnection({
    url,
    transports: options.transports ?? ['websocket'],
    reconnect: false,
    pingIntervalMs: 60_000,
    extraOptions: { localAddress: options.localAddress, agent },
  });
  for (const room of roomCodes) {
    try {
      // A name of its own: a room refuses an exact duplicate of a seated player's name.
      const welcome = await connection.join(room, options.name ?? `Bot${(nextClient++).toString(36)}`);
      return { connection, nodeId: welcome.nodeId, room };
    } catch (error) {
      if (error instanceof JoinRefusedError && error.code === ErrorCode.ROOM_NOT_FOUND) continue;
      connection.close();
      throw error;
    }
  }
  connection.close();
  throw new Error(`landed on a node that hosts none of ${roomCodes.join(', ')}`);
}

/** 127.0.0.<2 + i>: distinct loopback source addresses for simulated clients (i < 250). */
export function loopbackAddress(i: number): string {
  return `127.0.0.${2 + (i % 250)}`;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
