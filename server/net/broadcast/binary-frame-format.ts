import { BINARY_EVENT } from '../../../shared/protocol/wire-parser';
import type { Room } from '../../rooms/room';
import type { OutgoingSnapshot } from '../../seats/player-link';
import type { RoomPublisher } from '../../seats/room-channel';
import type { SnapshotFormat } from './snapshot-format';
import { websocketBinaryFrame } from './websocket-frame';

/**
 * The binary delta codec with our parser (shared/protocol/wire-parser.ts): a binary message IS
 * the engine.io message, so the snapshot is one packet, and its WebSocket frame is built once:
 * the encoder's bytes are copied once, into the frame (issue #11: at most one copy per room
 * per tick; the encoder rewrites its buffer next tick while sockets may still hold this one).
 */
export class BinaryFrameFormat implements SnapshotFormat {
  encode(room: Room): OutgoingSnapshot {
    const { frame, payload } = websocketBinaryFrame(room.encodeSnapshot());
    return { packets: [payload], options: [{ wsPreEncodedFrame: [frame] }], payloadBytes: payload.length, wsBytes: frame };
  }

  publish(publisher: RoomPublisher, room: Room, encoded: OutgoingSnapshot): void {
    publisher.publish(room.code, BINARY_EVENT, encoded.packets[0]);
  }
}
