import { decodeInput, type InputMessage } from '../../shared/protocol/input-codec';
import { decodePing, decodePong } from '../../shared/protocol/ping-codec';
import { ErrorCode } from '../../shared/protocol/error-code';
import { MsgCode } from '../../shared/protocol/msg-code';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { NodeStats } from '../node-stats';
import { inputRefusalMessage } from '../rooms/input-refusal';
import type { RoomManager } from '../rooms/room-manager';
import type { ClientState } from './client-state';
import type { StrikePolicy } from './strike-policy';

/** Largest binary message a client may send (inputs are 12 bytes, pings 9). */
export const MAX_CLIENT_BINARY_BYTES = 64;

export interface InputIntakeDeps {
  rooms: RoomManager;
  cluster: ClusterCoordinator;
  stats: NodeStats;
  strikes: StrikePolicy;
  nodeId: string;
  inputsPerSecondMax: number;
  nowMs: () => number;
}

/**
 * Binary messages from clients (the per-message hot path): size and rate checks, then inputs
 * to the room that owns the seat (here, or relayed to the owner's node), pings answered, pongs
 * turned into the RTT the teacher sees. Anything malformed is a strike and goes no further.
 */
export class InputIntake {
  private readonly decoded: InputMessage = { seq: 0, tick: 0, control: 0 };

  constructor(private readonly deps: InputIntakeDeps) {}

  /** Entry from the socket: through the seat's link, which may hold it (teacher's conditions). */
  receive(client: ClientState, bytes: unknown): void {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      this.deps.strikes.reject(client, ErrorCode.PROTO_EMPTY, 'Empty binary message.');
      return;
    }
    client.currentLink.receive(bytes, client.handleBinary);
  }

  handle(client: ClientState, bytes: Uint8Array): void {
    const { strikes } = this.deps;
    if (bytes.length > MAX_CLIENT_BINARY_BYTES) {
      strikes.reject(client, ErrorCode.PROTO_OVERSIZED, `Binary messages are at most ${MAX_CLIENT_BINARY_BYTES} bytes.`);
      return;
    }
    const now = this.deps.nowMs();
    if (!client.binaryBucket.take(now)) {
      strikes.reject(client, ErrorCode.RATE_LIMITED, `More than ${this.deps.inputsPerSecondMax} messages per second.`);
      return;
    }
    switch (bytes[0]) {
      case MsgCode.Input:
        this.onInput(client, bytes);
        return;
      case MsgCode.Ping: {
        const ping = decodePing(bytes);
        if (!ping.ok) {
          strikes.reject(client, ping.code, 'Malformed ping.');
          return;
        }
        const pong = Buffer.from(bytes);
        pong[0] = MsgCode.Pong;
        client.currentLink.sendBinary(pong);
        return;
      }
      case MsgCode.Pong: {
        // The answer to the server's own ping (rtt-probe.ts): the RTT teachers see.
        const pong = decodePong(bytes);
        if (!pong.ok || pong.value > now) {
          strikes.reject(client, pong.ok ? ErrorCode.PROTO_OUT_OF_RANGE : pong.code, 'Malformed pong.');
          return;
        }
        if (client.seat !== null) client.seat.rttMs = now - pong.value;
        return;
      }
      default:
        strikes.reject(client, ErrorCode.PROTO_UNKNOWN_CODE, `Unknown message code ${bytes[0]}.`);
    }
  }

  private onInput(client: ClientState, bytes: Uint8Array): void {
    const { strikes, stats } = this.deps;
    const input = this.decoded;
    const error = decodeInput(bytes, input);
    if (error !== null) {
      strikes.reject(client, error, error === ErrorCode.PROTO_BAD_STEER ? 'Malformed steering target in input message.' : 'Malformed input message.');
      return;
    }
    const seat = client.seat;
    if (seat === null) {
      strikes.reject(client, ErrorCode.NOT_IN_ROOM, 'Join a room before sending inputs.');
      return;
    }
    let refused: ErrorCode | null = null;
    if (seat.owner === this.deps.nodeId) {
      const room = this.deps.rooms.get(seat.code);
      refused = room === undefined ? ErrorCode.NOT_IN_ROOM : room.acceptInput(seat.slot, input.seq, input.tick, input.control);
    } else if (input.seq <= seat.lastRelayedSeq) {
      refused = ErrorCode.PROTO_SEQ_NOT_FORWARD;
    } else {
      // The stamp is checked by the owner, which knows the room's tick.
      seat.lastRelayedSeq = input.seq;
      this.deps.cluster.relayInput(seat.owner, seat.code, seat.slot, input.seq, input.tick, input.control);
    }
    if (refused !== null) {
      strikes.reject(client, refused, inputRefusalMessage(refused));
      return;
    }
    stats.inputsAccepted++;
  }
}
