import { PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { BINARY_EVENT, WireDecoder, WireEncoder, wireParser } from './wire-parser';

function decodeAll(chunks: unknown[]): Packet[] {
  const decoder = new WireDecoder();
  const packets: Packet[] = [];
  decoder.on('decoded', (packet: Packet) => packets.push(packet));
  for (const chunk of chunks) decoder.add(chunk);
  decoder.destroy();
  return packets;
}

describe('wire parser (unit)', () => {
  const encoder = new WireEncoder();

  it('encodes a binary event as exactly its bytes, and decodes them back', () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const encoded = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, bytes] });
    expect(encoded).toEqual([bytes]);
    const [packet] = decodeAll(encoded);
    expect(packet.type).toBe(PacketType.EVENT);
    expect(packet.nsp).toBe('/');
    expect(packet.data[0]).toBe(BINARY_EVENT);
    expect(packet.data[1]).toBeInstanceOf(Uint8Array);
    expect(Array.from(packet.data[1] as Uint8Array)).toEqual([1, 2, 3, 250]);
  });

  it('accepts ArrayBuffer and offset views, decoding to a view of the same bytes', () => {
    const backing = new Uint8Array([9, 9, 5, 6, 7]);
    const view = backing.subarray(2);
    expect(encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, view] })[0]).toBe(view);
    const [fromArrayBuffer] = decodeAll([new Uint8Array([5, 6, 7]).buffer]);
    expect(Array.from(fromArrayBuffer.data[1] as Uint8Array)).toEqual([5, 6, 7]);
    const [fromView] = decodeAll([view]);
    expect(Array.from(fromView.data[1] as Uint8Array)).toEqual([5, 6, 7]);
  });

  it('round-trips control packets as single text frames', () => {
    const packets: Packet[] = [
      { type: PacketType.CONNECT, nsp: '/', data: { token: 't' } },
      { type: PacketType.EVENT, nsp: '/', data: ['welcome', { playerId: 3, players: [{ id: 3, name: 'Mina' }] }] },
      { type: PacketType.EVENT, nsp: '/', data: ['b', 'not bytes'] },
      { type: PacketType.EVENT, nsp: '/', data: ['leave'], id: 4 },
      { type: PacketType.DISCONNECT, nsp: '/' },
    ];
    for (const packet of packets) {
      const encoded = encoder.encode(packet);
      expect(encoded).toHaveLength(1);
      expect(typeof encoded[0]).toBe('string');
      expect(decodeAll(encoded)).toEqual([packet]);
    }
  });

  it('throws (our bug) on binary inside a control packet or an empty binary message', () => {
    const bytes = new Uint8Array([1]);
    expect(() => encoder.encode({ type: PacketType.EVENT, nsp: '/', data: ['welcome', bytes] })).toThrow();
    expect(() => encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, bytes], id: 1 })).toThrow();
    expect(() => encoder.encode({ type: PacketType.EVENT, nsp: '/admin', data: [BINARY_EVENT, bytes] })).toThrow();
    expect(() => encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [BINARY_EVENT, new Uint8Array(0)] })).toThrow();
  });

  it('refuses default-parser binary packets, empty frames and garbage', () => {
    expect(() => decodeAll(['51-["b",{"_placeholder":true,"num":0}]'])).toThrow();
    expect(() => decodeAll(['61-0[{"_placeholder":true,"num":0}]'])).toThrow();
    expect(() => decodeAll([new Uint8Array(0)])).toThrow();
    expect(() => decodeAll(['9nonsense'])).toThrow();
  });

  it('has the shape socket.io expects of a parser', () => {
    expect(wireParser.protocol).toBe(5);
    expect(new wireParser.Encoder()).toBeInstanceOf(WireEncoder);
    expect(new wireParser.Decoder()).toBeInstanceOf(WireDecoder);
  });
});
