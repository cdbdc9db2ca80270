import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

/**
 * True when something at `url` answers a Redis PING (PONG, or an auth error: a Redis that
 * wants a password is still a Redis). Raw RESP over TCP, so a missing Redis costs one refused
 * connection and no client reconnect loop.
 */
export function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: target.hostname || '127.0.0.1', port: Number(target.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => {
      const reply = chunk.toString('latin1');
      done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

/**
 * A redis-server of the launcher's own: loopback only, no persistence, stopped with the cluster.
 * With `password`, clients must AUTH (issue 13 §8: any local user could otherwise read every
 * session and room). The password goes in on stdin (`redis-server -` reads config from it),
 * never on the command line, where `ps` would show it to everyone on the machine.
 */
export function spawnRedisServer(port: number, password?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
  const child = spawn('redis-server', password === undefined ? args : ['-', ...args], {
    stdio: [password === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (password !== undefined) child.stdin?.end(`requirepass ${password}\n`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not answer within 10 s`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start redis-server (${error.message}); install it or set REDIS_URL`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}`));
    });
    const poll = async () => {
      if (await redisAnswers(`redis://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      } else if (child.exitCode === null) setTimeout(() => void poll(), 50);
    };
    void poll();
  });
}
