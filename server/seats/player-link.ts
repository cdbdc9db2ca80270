/**
 * A room's snapshot ready for the wire, encoded once per room per tick and handed to every
 * link of the room: the transport packets the message takes (one for our binary parser; a
 * header and an attachment for socket.io's default parser; one text packet for the JSON
 * baseline) and, per packet, the write options carrying its pre-built WebSocket frame. None of
 * these buffers is ever rewritten: links may hold them queued after the tick returns.
 */
export interface OutgoingSnapshot {
  readonly packets: readonly (string | Buffer)[];
  readonly options: readonly ({ readonly wsPreEncodedFrame: readonly Buffer[] } | undefined)[];
  /** Protocol payload bytes, for the counters. */
  readonly payloadBytes: number;
  /**
   * The whole snapshot as the bytes a WebSocket connection carries (every packet's frame, in
   * one buffer): what a link writes straight to its socket when nothing is queued ahead of it.
   */
  readonly wsBytes: Buffer;
}

/**
 * One player's connection, as the rest of the server sees it: the transport (socket.io, an
 * impaired wrapper of it) lives behind this, so seats, rooms and the cluster never touch a
 * socket. Sends never throw; a send on a closed link is dropped.
 */
export interface PlayerLink {
  /** Transport id, for logs. */
  readonly id: string;
  /** Client address (behind a trusted proxy, the forwarded one). */
  readonly address: string;
  readonly connected: boolean;
  /** A JSON control message (welcome, roster, error, ...). */
  sendControl(event: string, payload: unknown): void;
  /** A binary protocol message; the link keeps a reference, so pass bytes nobody rewrites. */
  sendBinary(bytes: Uint8Array): void;
  /** This tick's room snapshot (the hot path). */
  sendSnapshot(snapshot: OutgoingSnapshot): void;
  /**
   * Hands a message that arrived on this link to `handle`: at once on a plain link, late on an
   * impaired one (the teacher's conditions delay both directions).
   */
  receive(bytes: Uint8Array, handle: (bytes: Uint8Array) => void): void;
  /** Receive a room's broadcasts published by its owner on another node (cluster). */
  subscribe(channel: string): void;
  unsubscribe(channel: string): void;
  /** Closes the transport without a goodbye: the client reconnects and resumes by itself. */
  dropTransport(): void;
  /** Ends the connection for good (the client does not reconnect by itself). */
  disconnect(): void;
}
