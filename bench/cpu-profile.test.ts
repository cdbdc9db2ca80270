import { describe, expect, it } from 'vitest';
import { mergeSummaries, moduleOf, summarizeProfile, type CpuProfile } from './cpu-profile';

/** root -> (idle); root -> tick -> encode (leaf); root -> tick -> send -> write (native leaf). */
function profile(): CpuProfile {
  const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 6] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('tick', 'file:///x/server/tick/loop.js'), children: [4, 5] },
      { id: 4, callFrame: frame('encode', 'file:///x/node_modules/codec/index.js') },
      { id: 5, callFrame: frame('write') },
      { id: 6, callFrame: frame('(garbage collector)') },
    ],
    startTime: 1000,
    endTime: 1000 + 10 * 100,
    // Ten samples 100 µs apart: idle, encode x3, write x4, gc, idle.
    samples: [2, 4, 4, 4, 5, 5, 5, 5, 6, 2],
    timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100, 100, 100],
  };
}

const rules = [
  { name: 'encode', frame: (fn: string) => fn === 'encode' },
  { name: 'tick', frame: (_fn: string, url: string) => url.includes('/tick/') },
];

describe('cpu profile summary', () => {
  it('splits busy time by the first matching layer on the stack, by module and by function', () => {
    const s = summarizeProfile(profile(), rules);
    expect(s.busyMs).toBeCloseTo(0.8);
    expect(s.gcMs).toBeCloseTo(0.1);
    expect(Object.fromEntries(s.layers.map((l) => [l.name, Number(l.share.toFixed(3))]))).toEqual({ tick: 0.5, encode: 0.375, GC: 0.125 });
    expect(s.modules.find((m) => m.name === 'codec')?.ms).toBeCloseTo(0.3);
    expect(s.layerModules.tick[0].name).toBe('(native)');
  });

  it('counts only the samples inside a window of the monotonic clock', () => {
    // Samples are at 1000, 1100, ... 1900 µs; keep 1400..1700: the four writes.
    const s = summarizeProfile(profile(), rules, [1400, 1700]);
    expect(s.layers.map((l) => l.name)).toEqual(['tick']);
    expect(s.wallMs).toBeCloseTo(0.3);
  });

  it('merges passes by adding times', () => {
    const one = summarizeProfile(profile(), rules);
    const both = mergeSummaries([one, one]);
    expect(both.busyMs).toBeCloseTo(2 * one.busyMs);
    expect(both.layers[0].share).toBeCloseTo(one.layers[0].share);
  });

  it('names modules by package, node group or native', () => {
    expect(moduleOf('file:///a/node_modules/@socket.io/component-emitter/lib/index.js', 'emit')).toBe('@socket.io/component-emitter');
    expect(moduleOf('node:internal/streams/writable', 'write')).toBe('node:streams');
    expect(moduleOf('', 'writev')).toBe('(native)');
    expect(moduleOf('', '(program)')).toBe('(program)');
  });
});
