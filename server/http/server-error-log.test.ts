import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startGameNode } from '../game-node';
import type { Logger } from '../logger';
import { cleanupAfterEach } from '../test-support/test-cleanups';

const onCleanup = cleanupAfterEach();

describe('a request that fails inside the node', () => {
  it('answers 500 "Internal error." and logs the error with the route pattern, not the path', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log: Logger = pino({ level: 'error' }, sink);
    const node = await startGameNode(loadConfig({}, { port: 0, host: '127.0.0.1', nodeId: 'test-node', logLevel: 'error' }), log);
    onCleanup(() => node.stop());
    const created = await fetch(`${node.url}/api/classrooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code, teacherToken } = (await created.json()) as { code: string; teacherToken: string };
    // A fault in the classroom service, as the bots' worker was under npm start.
    // With a field like a Redis client's ReplyError carries (the command and its keys).
    node.classroom.run = () => Promise.reject(Object.assign(new Error('the bot worker refused its options'), { command: { name: 'get', args: [`rt:room:${code}`] } }));

    const response = await fetch(`${node.url}/api/rooms/${code}/bots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${teacherToken}` },
      body: JSON.stringify({ add: 1 }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal error.' } });
    const logged = lines.find((l) => l.msg === 'a request failed');
    expect(logged).toMatchObject({ method: 'POST', route: '/api/rooms/:code/:action', err: { message: 'the bot worker refused its options' } });
    expect(JSON.stringify(logged)).not.toContain(code);
    expect(logged?.err).not.toHaveProperty('command');
  });
});
