import { describe, expect, it } from 'vitest';
import { fastPathOf, serverParser, UNKNOWN_EVENT } from './event-guard-parser';

function decoderOf(kind: 'custom' | 'default') {
  const parser = serverParser(kind, ['b', 'join']);
  const decoder = new parser.Decoder();
  const decoded: unknown[] = [];
  decoder.on('decoded', (packet: unknown) => decoded.push(packet));
  return { decoder, decoded };
}

describe("the server's parser", () => {
  it('renames events not on the allow-list, so one listener strikes them (no catch-all)', () => {
    const { decoder, decoded } = decoderOf('custom');
    decoder.add('2["join",{"v":2}]');
    decoder.add('2["hack",1]');
    expect(decoded).toMatchObject([{ data: ['join', { v: 2 }] }, { data: [UNKNOWN_EVENT, 'hack'] }]);
  });

  it('hands binary frames to the gateway straight once it asks, and socket.io nothing', () => {
    const { decoder, decoded } = decoderOf('custom');
    decoder.add(Buffer.from([3, 1, 2]));
    expect(decoded).toHaveLength(1);
    const fast = fastPathOf({ decoder });
    expect(fast).not.toBeNull();
    const taken: number[][] = [];
    fast!.binaryHandler = (bytes) => taken.push([...bytes]);
    decoder.add(Buffer.from([3, 4, 5]));
    expect(taken).toEqual([[3, 4, 5]]);
    expect(decoded).toHaveLength(1);
    expect(() => decoder.add(Buffer.alloc(0))).toThrow(/empty/);
  });

  it("leaves socket.io's default parser its own binary path (two frames per message)", () => {
    const { decoder, decoded } = decoderOf('default');
    fastPathOf({ decoder })!.binaryHandler = () => {
      throw new Error('the default parser never takes the fast path');
    };
    decoder.add('51-["b",{"_placeholder":true,"num":0}]');
    decoder.add(Buffer.from([3, 9]));
    expect(decoded).toHaveLength(1);
  });
});
