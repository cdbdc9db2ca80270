import { Encoder, PacketType } from 'socket.io-parser';
import { buildJsonState, JSON_STATE_EVENT, type JsonState } from '../../../shared/protocol/json-state';
import type { Room } from '../../rooms/room';
import type { OutgoingSnapshot } from '../../seats/player-link';
import type { RoomPublisher } from '../../seats/room-channel';
import type { SnapshotFormat } from './snapshot-format';
import { websocketTextFrame } from './websocket-frame';

/**
 * The naive baseline (SNAPSHOT_CODEC=json, issue #5): the room's whole state as one JSON
 * object every snapshot, stringified once per room, as socket.io's own room broadcast does.
 */
export class JsonStateFormat implements SnapshotFormat {
  private readonly encoder = new Encoder();
  private lastState: JsonState | null = null;

  constructor(private readonly tickRateHz: number) {}

  encode(room: Room): OutgoingSnapshot {
    const state = buildJsonState(room.world, room.names, this.tickRateHz);
    this.lastState = state;
    const [text] = this.encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [JSON_STATE_EVENT, state] });
    if (typeof text !== 'string') throw new Error('socket.io-parser: expected one text packet for a JSON event');
    const frame = websocketTextFrame(`4${text}`);
    return { packets: [text], options: [{ wsPreEncodedFrame: [frame] }], payloadBytes: text.length, wsBytes: frame };
  }

  publish(publisher: RoomPublisher, room: Room): void {
    publisher.publish(room.code, JSON_STATE_EVENT, this.lastState);
  }
}
