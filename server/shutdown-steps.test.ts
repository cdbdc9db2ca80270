import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import type { Logger } from './logger';
import { shutdownSteps } from './shutdown-steps';

function recordingLogger(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'warn' }, sink);
  return { log, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('shutdownSteps', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names a step that is still running after the slow mark, and returns its value', async () => {
    const { log, lines } = recordingLogger();
    const step = shutdownSteps(log, 20);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = step('close HTTP', async () => {
      await gate;
      return 7;
    });
    await vi.advanceTimersByTimeAsync(19);
    expect(lines()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ step: 'close HTTP', msg: 'stopping: still waiting for this step' });
    release();
    await expect(running).resolves.toBe(7);
  });

  it('says nothing of a quick step, and passes a failure on', async () => {
    const { log, lines } = recordingLogger();
    const step = shutdownSteps(log, 20);
    await expect(step('save rooms', () => 'saved')).resolves.toBe('saved');
    await expect(step('leave the cluster', () => Promise.reject(new Error('redis gone')))).rejects.toThrow('redis gone');
    // Past the slow mark of both: their timers were cleared.
    await vi.advanceTimersByTimeAsync(100);
    expect(lines()).toEqual([]);
  });
});
