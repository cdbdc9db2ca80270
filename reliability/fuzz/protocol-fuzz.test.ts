import { handshakeAuth } from '../../shared/protocol/wire-parser-kind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameNode } from '../../server/game-node';
import { startTestNode, createRoom } from '../../server/test-support/start-test-node';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { RawEngineClient } from '../support/raw-engine-client';
import { fuzzPassed, runFuzzSession } from './fuzz-session';

/** Opens a raw engine.io socket connected to "/"; closed by the caller. */
async function rawClient(node: GameNode): Promise<RawEngineClient> {
  const client = new RawEngineClient(node.url, { maxReceived: 10_000 });
  expect(await client.connect(handshakeAuth('custom'))).toBe(true);
  return client;
}

async function stillServing(node: GameNode): Promise<void> {
  expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
  expect(node.loop.isRunning).toBe(true);
}

describe('hostile packets, one by one (each was or could be a crash)', () => {
  let node: GameNode;
  beforeAll(async () => {
    node = await startTestNode({ resumeGraceMs: 1000 });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('a number as the event name is rejected (it used to crash the node); null or true closes that connection', async () => {
    for (const packet of ['2[123]', '2[0,{}]', '21[7]']) {
      const client = await rawClient(node);
      const error = client.nextPacket((p) => p.startsWith('2["error"'));
      client.sendPacket(packet);
      expect(await error).toContain('BAD_REQUEST');
      await client.close();
    }
    for (const packet of ['2[null]', '2[true]']) {
      const client = await rawClient(node);
      client.sendPacket(packet);
      await expect.poll(() => client.closed).toBe(true);
    }
    await stillServing(node);
  });

  it('a control-message flood (leave with acks) is cut off; a join payload with __proto__ pollutes nothing', async () => {
    const code = await createRoom(node);
    const client = await rawClient(node);
    client.sendPacket(`2["join",{"v":${PROTOCOL_VERSION},"code":"${code}","name":"Proto","__proto__":{"polluted":true}}]`);
    expect(await client.nextPacket((p) => p.startsWith('2["welcome"'))).not.toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (let i = 0; i < 5000 && !client.closed; i++) client.sendPacket(`2${i}["leave"]`);
    expect(await client.nextPacket((p) => p.includes('"fatal":true'))).toContain('RATE_LIMITED');
    await expect.poll(() => client.closed).toBe(true);
    await stillServing(node);
  });

  it('repeated malformed inputs end in a fatal error and a disconnect of that socket only', async () => {
    const bystander = await rawClient(node);
    const client = await rawClient(node);
    for (let i = 0; i < 25; i++) client.sendFrame(Uint8Array.of(3, 1, 2));
    expect(await client.nextPacket((p) => p.includes('"fatal":true'))).toContain('PROTO_');
    await expect.poll(() => client.closed).toBe(true);
    expect(bystander.closed).toBe(false);
    await bystander.close();
  });

  it('binary attachments, broken packets and frames over maxHttpBufferSize close only that connection', async () => {
    const inputs: (string | Uint8Array)[] = ['451-["b",{"_placeholder":true,"num":0}]', '42[', '4{}', '9', new Uint8Array(node.config.maxMessageBytes + 1)];
    for (const input of inputs) {
      const client = await rawClient(node);
      client.sendFrame(input);
      await expect.poll(() => client.closed, { timeout: 5000 }).toBe(true);
    }
    await stillServing(node);
  });
});

describe('protocol fuzzing against a live node process with bots beside it', () => {
  it('3000 fast-check messages: the node stays up, abusers are cut off, the bots see no change', async () => {
    const report = await runFuzzSession({ messages: 3000, seed: 42, maxMessagesPerS: 300, minTickShare: 0.8 });
    const summary = JSON.stringify({ ...report.fuzz, tickHz: report.duringTickRateHz, delivered: report.deliveredPerTick, gap: report.maxGapMs, problems: report.problems });
    expect(report.nodeAlive, summary).toBe(true);
    expect(report.problems, summary).toEqual([]);
    expect(report.fuzz.cutOffForAbuse, summary).toBeGreaterThan(0);
    expect(report.after.rejected - report.before.rejected, summary).toBeGreaterThan(500);
    expect(fuzzPassed(report), summary).toBe(true);
    process.stdout.write(`fuzz: ${summary}\n`);
  }, 90_000);
});
