import { Encoder, PacketType } from 'socket.io-parser';
import { BINARY_EVENT } from '../../../shared/protocol/wire-parser';
import type { Room } from '../../rooms/room';
import type { OutgoingSnapshot } from '../../seats/player-link';
import type { RoomPublisher } from '../../seats/room-channel';
import type { SnapshotFormat } from './snapshot-format';
import { websocketBinaryFrame, websocketTextFrame } from './websocket-frame';

/**
 * The binary delta codec with socket.io's default parser (WIRE_PARSER=default, kept so the load
 * report can show what our parser saves): every binary emit is a text header with a
 * placeholder plus a binary attachment, two engine.io packets. Encoded once per room with
 * socket.io-parser's own Encoder, both frames built once.
 */
export class DefaultParserFormat implements SnapshotFormat {
  private readonly encoder = new Encoder();

  encode(room: Room): OutgoingSnapshot {
    const { frame, payload } = websocketBinaryFrame(room.encodeSnapshot());
    const [header] = this.encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, payload] }) as [string, Buffer];
    if (typeof header !== 'string') throw new Error('socket.io-parser: expected a text header for a binary event');
    // engine.io sends a text message over WebSocket as "4" + the packet (engine.io-parser).
    const headerFrame = websocketTextFrame(`4${header}`);
    return {
      packets: [header, payload],
      options: [{ wsPreEncodedFrame: [headerFrame] }, { wsPreEncodedFrame: [frame] }],
      payloadBytes: payload.length,
      wsBytes: Buffer.concat([headerFrame, frame]),
    };
  }

  publish(publisher: RoomPublisher, room: Room, encoded: OutgoingSnapshot): void {
    publisher.publish(room.code, BINARY_EVENT, encoded.packets[1]);
  }
}
