import { describe, expect, it } from 'vitest';
import { aggregate, floorRatios, median, notes, variantsJson } from './load-bench-report';
import type { PassResult, Variant } from './load-variants';

function pass(variant: Variant, passNo: number, over: Partial<PassResult> = {}): PassResult {
  return {
    variant, players: 200, pass: passNo, connected: 200, failedJoins: 0, disconnects: 0, serverCpuCores: 0.1, cpuMsPerClientS: 0.5, systemCpuShare: 0.5,
    rssMb: 90, tickP50Ms: 1, tickP99Ms: 3, ticksSkipped: 0, eventLoopLagP99Ms: 2, payloadBytesPerClientS: 1400, wireBytesPerClientS: 1480,
    snapshotsPerClientS: 30, inputsPerClientS: 30, echoP50Ms: 18, echoP99Ms: 34, rttP50Ms: 1, botCpuCores: 0.2, decodesPerSnapshot: 0.05,
    windowUs: [0, 1], ...over,
  };
}

describe('load bench report', () => {
  it('takes medians over passes, the fewest connected, and ratios against the floor', () => {
    const results = aggregate([
      pass('floor', 1, { cpuMsPerClientS: 0.4 }), pass('floor', 2, { cpuMsPerClientS: 0.6 }), pass('floor', 3, { cpuMsPerClientS: 0.5 }),
      pass('binary-30', 1, { cpuMsPerClientS: 0.9 }), pass('binary-30', 2, { cpuMsPerClientS: 0.8, connected: 199 }), pass('binary-30', 3, { cpuMsPerClientS: 5 }),
    ]);
    const b30 = results.find((r) => r.variant === 'binary-30')!;
    expect(b30.cpuMsPerClientS).toBe(0.9);
    expect(b30.connected).toBe(199);
    expect(b30.cpuMsPerClientSPasses).toEqual([0.9, 0.8, 5]);
    const [ratio] = floorRatios(results);
    expect(ratio.variant).toBe('binary-30');
    expect(ratio.cpu).toBeCloseTo(0.9 / 0.5);
    expect(notes(results, [ratio]).some((n) => n.includes('199/200 connected'))).toBe(true);
    expect(variantsJson(results)[1]).toMatchObject({ name: 'binary-30', players: 200, input_rate: 30, cpu_ms_per_client_s: 0.9, connected: 199 });
  });

  it('says when binary and binary-30 sent the same inputs, and not when they differ', () => {
    const same = aggregate([pass('floor', 1), pass('binary-30', 1), pass('binary', 1, { inputsPerClientS: 29.8 })]);
    expect(notes(same, floorRatios(same)).some((n) => n.includes('measure the same load'))).toBe(true);
    const differ = aggregate([pass('floor', 1), pass('binary-30', 1), pass('binary', 1, { inputsPerClientS: 6 })]);
    expect(notes(differ, floorRatios(differ)).some((n) => n.includes('measure the same load'))).toBe(false);
  });

  it('flags a run that fell behind and draws no binary / binary-30 conclusion from it', () => {
    const busy = aggregate([pass('floor', 1), pass('binary-30', 1, { inputsPerClientS: 24, snapshotsPerClientS: 26.6, ticksSkipped: 66 }), pass('binary', 1, { inputsPerClientS: 12.8 })]);
    const lines = notes(busy, floorRatios(busy));
    expect(lines.some((n) => n.startsWith('binary-30 at 200: fell behind'))).toBe(true);
    expect(lines.some((n) => n.includes('cannot be told apart'))).toBe(true);
    expect(lines.some((n) => n.includes('measure the same load'))).toBe(false);
    expect(variantsJson(busy).find((v) => v.name === 'binary-30')?.fell_behind).toBe(true);
    expect(variantsJson(busy).find((v) => v.name === 'floor')?.fell_behind).toBe(false);
  });

  it('median ignores NaN and averages the middle pair', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
