import { BitReader } from '../protocol/bit-reader';
import { INPUT_FIELD_NAMES } from '../sim/player-fields';
import { createInputFrame, type InputFrame, type WorldConfig } from '../sim/world';
import { expectedInput, RECORDED_INPUTS, wrapInput } from './input-recording';
import { readSteerChange } from './steer-code';
import type { Recording, RecordingHeader, ReplayEvent } from './recording';
import { unframeRecording } from './recording-file';
import { END_REASON_MAX, EVENT_KIND_MAX, EventKind, KEYFRAME_REASON_MAX, KeyframeReason, RECORDING_LIMITS, ReplayError, TEACHER_MARKS, type EndReason, type ReplayResult } from './replay-format';
import { createKeyframeState, readKeyframe } from './world-keyframe';

const utf8 = new TextDecoder('utf-8', { fatal: false });
/** Keyframes one recording may hold (a keyframe every block would otherwise cost memory per block). */
const MAX_KEYFRAMES = 20_000;

class Bad extends Error {
  constructor(
    readonly code: ReplayError,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes a recording file of untrusted bytes into a Recording. Never throws and never loops
 * beyond the bytes and RECORDING_LIMITS: anything malformed is a typed error naming where.
 */
export function readRecording(bytes: Uint8Array): ReplayResult<Recording> {
  const framed = unframeRecording(bytes);
  if (!framed.ok) return framed;
  try {
    return { ok: true, value: new RecordingParser(framed.value.chunks, framed.value.version, bytes.length).parse() };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

class RecordingParser {
  private readonly r = new BitReader();
  private header!: RecordingHeader;
  private readonly events: ReplayEvent[] = [];
  private readonly keyframes: number[] = [];
  private lastInputs!: InputFrame;
  private rtt!: Int32Array;
  private names: string[] = [];
  private lastTick = -1;
  private endReason: EndReason | null = null;
  private chunk = 0;

  constructor(
    private readonly chunks: readonly Uint8Array[],
    /** The file's format version: 2 codes a changed steer target as a plain residual. */
    private readonly version: number,
    private readonly fileBytes: number,
  ) {}

  parse(): Recording {
    const r = this.r;
    for (this.chunk = 0; this.chunk < this.chunks.length; this.chunk++) {
      r.reset(this.chunks[this.chunk]);
      if (this.chunk === 0) this.readHeader();
      let first = true;
      while (!this.atChunkEnd()) {
        if (this.endReason !== null) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'events after the End');
        const delta = r.readVarUint();
        const tick = first ? delta : this.lastTick + delta;
        first = false;
        this.check();
        if (tick < this.lastTick || tick > RECORDING_LIMITS.maxTick) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `tick ${tick} after ${this.lastTick}`);
        this.lastTick = tick;
        this.readBlock(tick);
      }
    }
    if (this.keyframes.length === 0 || this.events[this.keyframes[0]].kind !== 'keyframe') this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'the recording has no start keyframe');
    const first = this.events[this.keyframes[0]];
    if (this.lastTick - first.tick > RECORDING_LIMITS.maxSpanSeconds * this.header.config.tickRateHz) {
      this.bad(ReplayError.REPLAY_TOO_LARGE, `the recording spans more than ${RECORDING_LIMITS.maxSpanSeconds} s`);
    }
    return {
      header: this.header,
      events: this.events,
      keyframes: this.keyframes,
      startTick: first.tick,
      endTick: this.lastTick,
      endReason: this.endReason,
      bytes: this.fileBytes,
    };
  }

  private readHeader(): void {
    const r = this.r;
    const code = this.readText(RECORDING_LIMITS.maxCodeBytes);
    const round = r.readVarUint();
    const startedAtEpochMs = r.readVarUint();
    const tickRateHz = r.readVarUint();
    const maxPlayers = r.readVarUint();
    const roundSeconds = r.readVarUint();
    const resultsSeconds = r.readVarUint();
    const seed = r.readBits(32) | 0;
    const autoRounds = r.readBit() === 1;
    const ticksPerSnapshot = r.readVarUint();
    const keyframeEveryTicks = r.readVarUint();
    const houseCount = r.readVarUint();
    const nameCount = r.readVarUint();
    this.check();
    if (tickRateHz < 1 || tickRateHz > RECORDING_LIMITS.maxTickRateHz) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `tick rate ${tickRateHz}`);
    if (maxPlayers < 1 || maxPlayers > RECORDING_LIMITS.maxPlayers) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `room of ${maxPlayers} players`);
    if (houseCount > RECORDING_LIMITS.maxHouses) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `${houseCount} houses`);
    if (ticksPerSnapshot < 1 || ticksPerSnapshot > tickRateHz || keyframeEveryTicks < 1) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'snapshot or keyframe interval');
    if (nameCount > maxPlayers) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `${nameCount} names in a room of ${maxPlayers}`);
    const config: WorldConfig = { tickRateHz, maxPlayers, roundSeconds, resultsSeconds, seed, autoRounds };
    const names: { slot: number; name: string }[] = [];
    this.names = new Array<string>(maxPlayers).fill('');
    for (let i = 0; i < nameCount; i++) {
      const slot = this.readSlotOf(maxPlayers);
      const name = this.readText(RECORDING_LIMITS.maxNameBytes);
      names.push({ slot, name });
      this.names[slot] = name;
    }
    this.header = { code, round, startedAtEpochMs, config, ticksPerSnapshot, keyframeEveryTicks, houseCount, names };
    this.lastInputs = createInputFrame(maxPlayers);
    this.rtt = new Int32Array(maxPlayers).fill(-1);
  }

  private readBlock(tick: number): void {
    const r = this.r;
    let lastInputSlot = -1;
    for (;;) {
      const kind = r.readVarUint();
      this.check();
      if (kind > EVENT_KIND_MAX) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `event kind ${kind}`);
      if (kind === EventKind.EndBlock) return;
      if (this.events.length >= RECORDING_LIMITS.maxEvents) this.bad(ReplayError.REPLAY_TOO_LARGE, `more than ${RECORDING_LIMITS.maxEvents} events`);
      if (this.endReason !== null) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'events after the End');
      switch (kind) {
        case EventKind.KeepAlive:
        case EventKind.Input:
          lastInputSlot = this.readInput(tick, lastInputSlot, kind === EventKind.KeepAlive);
          break;
        case EventKind.Rtt: {
          const slot = this.readSlot();
          const base = this.rtt[slot];
          const rttMs = (base < 0 ? 0 : base) + r.readSigned();
          this.check();
          if (rttMs < 0 || rttMs > RECORDING_LIMITS.maxRttMs) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `RTT ${rttMs} ms`);
          this.rtt[slot] = rttMs;
          this.events.push({ kind: 'rtt', tick, slot, rttMs });
          break;
        }
        case EventKind.Delivery: {
          const slot = this.readSlot();
          const count = r.readVarUint() + 1;
          const points = r.readSigned();
          this.check();
          if (count > 1000 || Math.abs(points) > 0x7fffffff) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'delivery');
          this.events.push({ kind: 'delivery', tick, slot, count, points });
          break;
        }
        case EventKind.Join: {
          const slot = this.readSlot();
          const name = this.readText(RECORDING_LIMITS.maxNameBytes);
          this.names[slot] = name;
          this.rtt[slot] = -1;
          this.events.push({ kind: 'join', tick, slot, name });
          break;
        }
        case EventKind.Drop:
        case EventKind.Resume:
        case EventKind.Leave: {
          const slot = this.readSlot();
          if (kind === EventKind.Leave) {
            this.names[slot] = '';
            this.rtt[slot] = -1;
          }
          this.events.push({ kind: kind === EventKind.Drop ? 'drop' : kind === EventKind.Resume ? 'resume' : 'leave', tick, slot });
          break;
        }
        case EventKind.Keyframe:
          this.readKeyframeEvent(tick);
          break;
        case EventKind.Teacher: {
          const mark = r.readVarUint();
          const player = r.readVarUint();
          this.check();
          if (mark >= TEACHER_MARKS.length || player > this.header.config.maxPlayers) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'teacher mark');
          const name = TEACHER_MARKS[mark];
          let conditions = null;
          if (name === 'conditions') {
            const latencyMs = r.readVarUint();
            const jitterMs = r.readVarUint();
            const lossPermille = r.readVarUint();
            this.check();
            if (latencyMs > 60_000 || jitterMs > 60_000 || lossPermille > 1000) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'teacher conditions');
            conditions = { latencyMs, jitterMs, lossPct: lossPermille / 10 };
          }
          this.events.push({ kind: 'teacher', tick, mark: name, playerId: player === 0 ? null : player - 1, conditions });
          break;
        }
        case EventKind.End: {
          const reason = r.readVarUint();
          this.check();
          if (reason > END_REASON_MAX) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `end reason ${reason}`);
          this.endReason = reason as EndReason;
          this.events.push({ kind: 'end', tick, reason: this.endReason });
          break;
        }
      }
    }
  }

  private readInput(tick: number, lastSlot: number, predicted: boolean): number {
    const r = this.r;
    const slot = lastSlot + 1 + r.readVarUint();
    this.check();
    if (slot >= this.header.config.maxPlayers) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `input for slot ${slot}`);
    const last = this.lastInputs;
    const values: number[] = [];
    for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) {
      const name = INPUT_FIELD_NAMES[i];
      const spec = RECORDED_INPUTS[i];
      const guess = expectedInput(spec, last[name][slot]);
      let value = guess;
      if (!predicted && r.readBit() === 1) {
        if (spec.record === 'steer' && this.version >= 3) value = readSteerChange(r, last[name][slot]);
        else value = spec.whole ? r.readVarUint() : wrapInput(spec, guess + r.readSigned());
      }
      this.check();
      if (value < spec.min || value > spec.max) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `input ${name} ${value}`);
      values.push(value);
    }
    for (let i = 0; i < INPUT_FIELD_NAMES.length; i++) last[INPUT_FIELD_NAMES[i]][slot] = values[i];
    this.events.push({ kind: 'input', tick, slot, values });
    return slot;
  }

  private readKeyframeEvent(tick: number): void {
    const r = this.r;
    const reason = r.readVarUint();
    this.check();
    if (reason > KEYFRAME_REASON_MAX) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `keyframe reason ${reason}`);
    if (this.keyframes.length >= MAX_KEYFRAMES) this.bad(ReplayError.REPLAY_TOO_LARGE, `more than ${MAX_KEYFRAMES} keyframes`);
    if (this.keyframes.length === 0 && reason !== KeyframeReason.Start) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, 'the first keyframe is not the start');
    const { maxPlayers } = this.header.config;
    const state = createKeyframeState(maxPlayers, this.header.houseCount);
    if (!readKeyframe(r, state)) this.bad(r.overrun ? ReplayError.REPLAY_TRUNCATED : ReplayError.REPLAY_OUT_OF_RANGE, `keyframe at tick ${tick} (chunk ${this.chunk})`);
    if (state.tick !== tick) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `keyframe of tick ${state.tick} in the block of tick ${tick}`);
    // From here the next input of each slot is coded against the keyframe's, as the writer did.
    for (const name of INPUT_FIELD_NAMES) this.lastInputs[name].set(state.inputs[name]);
    this.rtt.set(state.rttMs);
    this.keyframes.push(this.events.length);
    this.events.push({ kind: 'keyframe', tick, reason: reason as KeyframeReason, state, names: [...this.names] });
  }

  private readSlot(): number {
    return this.readSlotOf(this.header.config.maxPlayers);
  }

  private readSlotOf(maxPlayers: number): number {
    const slot = this.r.readVarUint();
    this.check();
    if (slot >= maxPlayers) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `slot ${slot}`);
    return slot;
  }

  private readText(maxBytes: number): string {
    const r = this.r;
    const length = r.readVarUint();
    this.check();
    if (length > maxBytes) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `text of ${length} bytes`);
    if (length * 8 > r.remainingBits) this.bad(ReplayError.REPLAY_TRUNCATED, `text of ${length} bytes in chunk ${this.chunk}`);
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = r.readBits(8);
    return utf8.decode(bytes);
  }

  /**
   * A chunk ends where only its zero padding (fewer than 8 bits) is left. Every code has a one
   * bit, so zero bits cannot start a block; a short block that fills the last byte's tail still
   * has a one bit and is read.
   */
  private atChunkEnd(): boolean {
    const left = this.r.remainingBits;
    if (left >= 8) return false;
    if (left === 0) return true;
    const bytes = this.chunks[this.chunk];
    return (bytes[bytes.length - 1] & ((1 << left) - 1)) === 0;
  }

  private check(): void {
    if (this.r.overrun) this.bad(ReplayError.REPLAY_TRUNCATED, `chunk ${this.chunk} ends inside an event`);
    if (this.r.malformed) this.bad(ReplayError.REPLAY_OUT_OF_RANGE, `malformed code in chunk ${this.chunk}`);
  }

  private bad(code: ReplayError, message: string): never {
    throw new Bad(code, message);
  }
}
