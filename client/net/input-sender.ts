/**
 * The inputs a GameConnection sends: each one numbered (seq), stamped with the server tick it
 * is meant for and encoded into one reused buffer; numbering continues above what the server
 * already applied when a fresh connection resumes a session.
 */
import { encodeInput, INPUT_BYTES, type InputMessage } from '../../shared/protocol/input-codec';

export class InputSender {
  private nextSeq = 1;
  private readonly buffer = new Uint8Array(INPUT_BYTES);
  private readonly input: InputMessage = { seq: 0, tick: 0, control: 0 };

  constructor(
    private readonly connected: () => boolean,
    private readonly sendBinary: (bytes: Uint8Array) => void,
  ) {}

  /** Sends `control` for server tick `tick`; returns its seq (used up even when offline). */
  send(tick: number, control: number): number {
    const seq = this.nextSeq++;
    if (!this.connected()) return seq;
    const input = this.input;
    input.seq = seq;
    input.tick = tick;
    input.control = control;
    encodeInput(input, this.buffer);
    // socket.io may hold the bytes until the frame is written: hand it its own copy.
    this.sendBinary(this.buffer.slice());
    return seq;
  }

  /** Continues numbering after `ackSeq` when it is behind. */
  continueAfter(ackSeq: number): void {
    if (this.nextSeq <= ackSeq) this.nextSeq = ackSeq + 1;
  }
}
