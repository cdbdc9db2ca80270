import type { Logger } from '../logger';
import type { RedisCommands } from './redis-connection';

/**
 * The subscriber connection handed to @socket.io/redis-adapter, with its (un)subscribe promises
 * caught. In dynamic mode the adapter calls sSubscribe / sUnsubscribe whenever a socket.io room
 * appears or empties, and discards the promise (dist/util.js SSUBSCRIBE / SUNSUBSCRIBE; the
 * emitter has the same pattern, socketio/socket.io-redis-emitter#139). Those commands wait for a
 * reconnect while Redis is down; when the node then stops, io.close() empties every room and the
 * connection's close rejects the waiting ones with ECONNREFUSED, unhandled: the node exited with
 * code 1 instead of 0 (issue 13 §9). A failure here is logged; the subscriptions are redone by
 * node-redis when the connection comes back.
 */
export function catchingAdapterSubscriptions(client: RedisCommands, log: Logger): RedisCommands {
  let lastLogMs = 0;
  const logged = (what: string) => (error: unknown) => {
    const now = Date.now();
    if (now - lastLogMs < 1000) return;
    lastLogMs = now;
    log.warn({ redis: 'adapter-sub', err: error instanceof Error ? error.message : String(error) }, `redis ${what} failed`);
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'sSubscribe') {
        return (...args: Parameters<RedisCommands['sSubscribe']>) => {
          const done = target.sSubscribe(...args);
          done.catch(logged('SSUBSCRIBE'));
          return done;
        };
      }
      if (property === 'sUnsubscribe') {
        return (...args: Parameters<RedisCommands['sUnsubscribe']>) => {
          const done = target.sUnsubscribe(...args);
          done.catch(logged('SUNSUBSCRIBE'));
          return done;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // node-redis methods use private fields: they must run with the client itself as `this`.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
