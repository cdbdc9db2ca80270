import fc from 'fast-check';
import { encodeInput } from '../../shared/protocol/input-codec';
import { encodePing } from '../../shared/protocol/ping-codec';
import { MsgCode } from '../../shared/protocol/msg-code';
import { BUTTON_MASK, HEADING_STEPS } from '../../shared/sim/constants';
import { packControl, packSteer, STEER_THROTTLE_MAX } from '../../shared/sim/steering';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * What the fuzzer sends, one engine.io frame each:
 * - `binary`: a binary frame (the custom wire parser turns it into a 'b' event);
 * - `packet`: a socket.io packet as text, well-formed or not (the "4" engine.io prefix is added);
 * - `frame`: a raw engine.io text frame (any type digit, e.g. a second "open" or a bogus upgrade).
 * `hard` marks inputs after which the server should close the connection at once (parser
 * errors, frames over maxHttpBufferSize), so the runner expects a reconnect.
 */
export type FuzzMessage =
  | { kind: 'binary'; bytes: Uint8Array; hard: boolean }
  | { kind: 'packet'; text: string; hard: boolean }
  | { kind: 'frame'; text: string; hard: boolean };

export interface FuzzContext {
  /** A room the fuzzing sockets may join (never the watched bots' room). */
  roomCode: string;
  /** Largest WebSocket message the node accepts (MAX_MESSAGE_BYTES). */
  maxMessageBytes: number;
}

/** Keys that break naive object merging (prototype pollution) and JSON edge values. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'v', 'code', 'name', 'resume'];

const hostileObject = fc
  .array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);

/** A join payload of the right shape with wrong values, or of a wrong shape entirely. */
function joinPayload(ctx: FuzzContext): fc.Arbitrary<string> {
  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'), hostileObject);
  const weirdString = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('<script>alert(1)</script>', '\u0000', '\u202e\u202d', '../../etc/passwd', ctx.roomCode, ctx.roomCode.toLowerCase()),
    fc.integer({ min: 200, max: 3000 }).map((n) => 'x'.repeat(n)),
  );
  const numberish = fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer(), fc.double(), fc.constant('1'), fc.constant(null));
  return fc.oneof(
    anyValue,
    fc.record({ v: numberish, code: weirdString, name: weirdString }).map((o) => JSON.stringify(o)),
    fc.record({ v: numberish, resume: weirdString }).map((o) => JSON.stringify(o)),
    fc.tuple(numberish, weirdString).map(([v, name]) => `{"v":${JSON.stringify(v)},"code":${JSON.stringify(ctx.roomCode)},"name":${JSON.stringify(name)},"__proto__":{"admin":true}}`),
  );
}

/** socket.io packets that parse: events of known and unknown names, with and without acks. */
function eventPacket(ctx: FuzzContext): fc.Arbitrary<string> {
  const ackId = fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }).map((id) => (id === undefined ? '' : String(id)));
  const event = fc.oneof(
    { weight: 4, arbitrary: joinPayload(ctx).map((payload) => `["join",${payload}]`) },
    { weight: 2, arbitrary: fc.constantFrom('["leave"]', '["resync"]', '["leave",{"x":1}]', '["resync",1,2,3]') },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 64 }), fc.jsonValue({ maxDepth: 2 })).map(([name, v]) => JSON.stringify([name, v])) },
    { weight: 1, arbitrary: fc.constantFrom('["__proto__",{}]', '["constructor"]', '["toString"]', '["b","not bytes"]', '["b",{"_placeholder":true,"num":0}]', '["b",null]', '["b",[3,1,0,0,0,0]]') },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(true)).map((name) => JSON.stringify([name])) },
  );
  return fc.tuple(ackId, event).map(([id, body]) => `2${id}${body}`);
}

/** Text that should make the parser throw (the server then closes that one connection). */
function brokenPacket(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 64 }),
    fc.constantFrom(
      '2',
      '2[',
      '2{}',
      '2"join"',
      '2[]',
      '3[]',
      '4{}',
      '9',
      '1',
      '0/admin,',
      '2/nope,["join",{}]',
      // BINARY_EVENT / BINARY_ACK headers: the custom parser accepts no attachments.
      '51-["b",{"_placeholder":true,"num":0}]',
      '5999999999-["join",{"_placeholder":true,"num":0}]',
      '61-0[{"_placeholder":true,"num":0}]',
    ),
    fc.tuple(fc.integer({ min: 0, max: 9 }), fc.string({ maxLength: 32 })).map(([d, s]) => `${d}${s}`),
  );
}

/** Binary: random, mutated valid, truncated and oversized messages. */
function binaryMessage(ctx: FuzzContext): fc.Arbitrary<FuzzMessage> {
  const soft = (bytes: Uint8Array): FuzzMessage => ({ kind: 'binary', bytes, hard: false });
  // Version 3 inputs: seq, a stamp near or far from any room's tick, and either buttons or a
  // point-to-steer target (any heading, throttle 1..15).
  const stamp = fc.oneof(fc.nat({ max: 5000 }), fc.integer({ min: 0, max: 0xffffffff }));
  const control = fc.oneof(
    fc.nat({ max: 255 }).map((buttons) => buttons & BUTTON_MASK),
    fc.tuple(fc.nat({ max: HEADING_STEPS - 1 }), fc.integer({ min: 1, max: STEER_THROTTLE_MAX })).map(([heading, throttle]) => packControl(0, packSteer(heading, throttle))),
  );
  const validInput = fc.tuple(fc.nat(), stamp, control).map(([seq, tick, c]) => encodeInput({ seq, tick, control: c }));
  const validPing = fc.nat().map((t) => encodePing(t));
  const mutated = fc.tuple(fc.oneof(validInput, validPing), fc.nat(), fc.nat({ max: 255 }), fc.integer({ min: -6, max: 6 })).map(([base, at, value, resize]) => {
    const bytes = new Uint8Array(Math.max(1, base.length + resize));
    bytes.set(base.subarray(0, bytes.length));
    bytes[at % bytes.length] = value;
    return bytes;
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 80 }).map(soft) },
    { weight: 3, arbitrary: mutated.map(soft) },
    { weight: 2, arbitrary: fc.oneof(validInput, validPing).map(soft) },
    { weight: 1, arbitrary: fc.constantFrom(MsgCode.Snapshot, MsgCode.Keyframe, MsgCode.Pong, 0, 255).map((c) => soft(Uint8Array.of(c))) },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: ctx.maxMessageBytes }).map((n) => soft(new Uint8Array(n).fill(MsgCode.Input))) },
    // Beyond maxHttpBufferSize: engine.io closes the connection (1009) before anyone parses it.
    { weight: 1, arbitrary: fc.integer({ min: ctx.maxMessageBytes + 1, max: ctx.maxMessageBytes * 4 }).map((n): FuzzMessage => ({ kind: 'binary', bytes: new Uint8Array(n), hard: true })) },
  );
}

/** Every kind of hostile input, weighted towards ones that keep the connection (so strikes add up). */
export function fuzzMessage(ctx: FuzzContext): fc.Arbitrary<FuzzMessage> {
  return fc.oneof(
    { weight: 16, arbitrary: binaryMessage(ctx) },
    { weight: 16, arbitrary: eventPacket(ctx).map((text): FuzzMessage => ({ kind: 'packet', text, hard: false })) },
    { weight: 2, arbitrary: brokenPacket().map((text): FuzzMessage => ({ kind: 'packet', text, hard: true })) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom('0', '1', '5', '6', '3probe', '2probe', '7', ''),
        fc.integer({ min: 1, max: 4 }).map((k) => `42["join",{"v":${PROTOCOL_VERSION},"code":"${'A'.repeat(k * 1024)}","name":"x"}]`),
        fc.integer({ min: 2, max: 8 }).map((k) => `42["join",{"v":${PROTOCOL_VERSION},"code":"AB","name":"${'n'.repeat(k * 1024)}"}]`),
      ).map((text): FuzzMessage => ({ kind: 'frame', text, hard: true })),
    },
  );
}

/** A deterministic stream of `count` messages from `seed` (fast-check's sampler, not Math.random). */
export function sampleFuzzMessages(ctx: FuzzContext, count: number, seed: number): FuzzMessage[] {
  return fc.sample(fuzzMessage(ctx), { numRuns: count, seed });
}
