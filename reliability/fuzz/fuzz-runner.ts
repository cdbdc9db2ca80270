import { handshakeAuth } from '../../shared/protocol/wire-parser-kind';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { RawEngineClient } from '../support/raw-engine-client';
import { fuzzMessage, type FuzzContext, type FuzzMessage } from './fuzz-inputs';
import fc from 'fast-check';

export interface FuzzRunOptions extends FuzzContext {
  url: string;
  messages: number;
  seed: number;
  /** Fuzzing sockets open at once. @default 8 */
  connections?: number;
  /** Cap on messages per second (unset: as fast as the sockets drain). Tests pace the fuzzer so
   *  that on a 2-core runner it does not take the node's CPU (the flood case is tested apart). */
  maxMessagesPerS?: number;
  onProgress?: (sent: number) => void;
}

export interface FuzzRunReport {
  sent: number;
  byKind: Record<FuzzMessage['kind'], number>;
  /** Sent inputs expected to end the connection (parser errors, frames over the size limit). */
  hardSent: number;
  connectionsOpened: number;
  /** Connections the server closed after its "disconnected after N rejected messages" error. */
  cutOffForAbuse: number;
  /** Connections the server closed for any reason (parse errors, oversize, abuse). */
  closedByServer: number;
  /** Error packets the server answered with (each a rejected message, counted by the node). */
  errorsReceived: number;
  durationMs: number;
}

/** Batch size between backpressure checks: a flood, but not one that buffers without bound. */
const BATCH = 64;

interface Lane {
  client: RawEngineClient;
  /** A hard input went out: the connection is expected to die; use a new one. */
  spent: boolean;
}

/**
 * Sends `messages` hostile inputs from fast-check over `connections` raw engine.io sockets,
 * opening a new socket whenever the server closes one (or one was spent on a fatal input).
 * Some sockets join the fuzz room first so inputs also hit the seated code paths.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRunReport> {
  const started = performance.now();
  const report: FuzzRunReport = {
    sent: 0,
    byKind: { binary: 0, packet: 0, frame: 0 },
    hardSent: 0,
    connectionsOpened: 0,
    cutOffForAbuse: 0,
    closedByServer: 0,
    errorsReceived: 0,
    durationMs: 0,
  };
  const retired: RawEngineClient[] = [];
  let lastFailure = '';
  const open = async (index: number): Promise<Lane> => {
    for (let attempt = 0; ; attempt++) {
      const client = new RawEngineClient(options.url, { maxReceived: 200 });
      report.connectionsOpened++;
      try {
        const connected = await client.connect(handshakeAuth('custom'));
        lastFailure = connected ? '' : `refused: ${client.received.slice(-1)[0] ?? `closed ${client.closeCode}`}`;
        if (connected) {
          // Every other socket sits in the fuzz room, so inputs reach the seated paths too.
          if ((report.connectionsOpened + index) % 2 === 0) {
            client.sendPacket(`2["join",{"v":${PROTOCOL_VERSION},"code":"${options.roomCode}","name":"fuzz${index}"}]`);
          }
          return { client, spent: false };
        }
      } catch (error) {
        lastFailure = error instanceof Error ? error.message : String(error);
      }
      retire(client);
      if (attempt > 20) throw new Error(`the node stopped accepting connections during the fuzz run (last: ${lastFailure})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const retire = (client: RawEngineClient) => retired.push(client);

  const lanes: Lane[] = [];
  const laneCount = options.connections ?? 8;
  for (let i = 0; i < laneCount; i++) lanes.push(await open(i));

  // A stream of messages from the seed, drawn in chunks (fc.sample holds them all in memory).
  const arbitrary = fuzzMessage(options);
  // Small chunks: drawing thousands at once stalls this process (and the bots watched from it).
  const CHUNK = 250;
  for (let base = 0; base < options.messages; base += CHUNK) {
    const chunk = fc.sample(arbitrary, { numRuns: Math.min(CHUNK, options.messages - base), seed: options.seed + base });
    for (let i = 0; i < chunk.length; i++) {
      const laneIndex = (base + i) % laneCount;
      let lane = lanes[laneIndex];
      if (lane.spent || lane.client.closed) {
        retire(lane.client);
        lane = await open(laneIndex);
        lanes[laneIndex] = lane;
      }
      const message = chunk[i];
      if (message.kind === 'binary') lane.client.sendFrame(message.bytes);
      else if (message.kind === 'packet') lane.client.sendPacket(message.text);
      else lane.client.sendFrame(message.text);
      report.sent++;
      report.byKind[message.kind]++;
      if (message.hard) {
        report.hardSent++;
        lane.spent = true;
      }
      if (report.sent % BATCH === 0) {
        await Promise.all(lanes.map((l) => l.client.drain()));
        // Let the sockets' incoming data (errors, closes) be read between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.maxMessagesPerS !== undefined) {
          const aheadMs = (report.sent * 1000) / options.maxMessagesPerS - (performance.now() - started);
          if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
        }
        options.onProgress?.(report.sent);
      }
    }
  }
  for (const lane of lanes) retire(lane.client);
  // Give the last closes and errors a moment to arrive, then tally and close what is left.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const client of retired) {
    if (client.closed) report.closedByServer++;
    report.errorsReceived += client.received.filter((p) => p.startsWith('2["error"')).length;
    if (client.received.some((p) => p.includes('"fatal":true'))) report.cutOffForAbuse++;
  }
  await Promise.all(retired.map((c) => c.close()));
  report.durationMs = performance.now() - started;
  return report;
}
