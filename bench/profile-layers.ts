import type { LayerRule } from './cpu-profile';

/**
 * Which layer of the hot path a CPU sample belongs to, by the frames on its stack; the first
 * rule that matches wins, so the innermost phases come first (the encoder runs inside the
 * broadcast, the gateway's input handler inside the ws receive path).
 */

const has = (url: string, part: string) => url.includes(part);

/**
 * A Roundtrip node's layers (issue 11: broadcast and the engine.io write path under it, the
 * input receive path, step, encoder, GC). socket.io hands each received event to its handler
 * on a later tick (process.nextTick in Socket#dispatch), so the receive path shows up twice:
 * ws -> engine.io -> socket.io's decoder from the socket read, then socket.io's dispatch ->
 * the gateway's handler. Rules name today's files and functions: keep them in step with server/net (the broadcast
 * lives in server/net/broadcast, a link's write in SocketLink.sendSnapshot, input intake in
 * server/net/input-intake.ts).
 */
export const SERVER_LAYERS: LayerRule[] = [
  { name: 'encoder', frame: (_fn, url) => has(url, '/shared/protocol/snapshot-encoder') || has(url, '/shared/protocol/bit-writer') || has(url, '/shared/protocol/json-state') },
  { name: 'step', frame: (_fn, url) => has(url, '/shared/sim/') },
  { name: 'broadcast', frame: (fn, url) => has(url, '/server/net/broadcast/') || (fn === 'sendSnapshot' && has(url, '/server/')) || (fn === 'broadcastTick' && has(url, '/bench/floor-server')) },
  { name: 'rtt probe', frame: (_fn, url) => has(url, '/server/net/rtt-probe') },
  { name: 'metrics', frame: (_fn, url) => has(url, '/prom-client/') || has(url, '/server/http/node-metrics') },
  { name: 'connections, HTTP', frame: (_fn, url) => has(url, '/fastify/') || has(url, '/engine.io/build/server') || has(url, 'node:_http_server') },
  // Everything under a socket read: node's stream plumbing, ws's receiver, engine.io, socket.io's decoder.
  { name: 'receive: read', frame: (fn, url) => has(url, '/ws/lib/receiver') || fn === 'onStreamRead' },
  { name: 'receive: dispatch', frame: (fn, url) => has(url, '/socket.io/dist/') && (fn === '_onpacket' || fn === 'onevent' || fn === 'emitUntyped' || fn === 'dispatch') },
  { name: 'write completion', frame: (fn, url) => fn === 'afterWriteTick' || fn === 'afterWriteDispatched' || fn === 'onWriteComplete' || (fn === 'onDrain' && has(url, '/engine.io/')) },
  { name: 'receive: gateway', frame: (_fn, url) => has(url, '/server/net/') || has(url, '/server/seats/') },
  { name: 'tick (other)', frame: (_fn, url) => has(url, '/server/tick/') || has(url, '/server/rooms/') },
];

/** A bot process's layers (issue 11 §4: decoding shared per room; what stays is per bot). */
export const BOT_LAYERS: LayerRule[] = [
  { name: 'decode', frame: (_fn, url) => has(url, '/shared/protocol/snapshot-decoder') || has(url, '/bots/shared-replicas') },
  { name: 'brain', frame: (_fn, url) => has(url, '/bots/bot-brain') || has(url, '/bots/distance-field') },
  { name: 'send input', frame: (fn) => fn === 'onInputTick' },
  { name: 'receive', frame: (fn, url) => has(url, '/ws/lib/receiver') || fn === 'onStreamRead' },
  { name: 'socket.io dispatch', frame: (_fn, url) => has(url, '/socket.io-client/') || has(url, '/engine.io-client/') },
  { name: 'pings', frame: (fn) => fn === 'ping' },
];
