import { describe, expect, it } from 'vitest';
import { InputQueue } from './input-queue';

function pop(queue: InputQueue, slot = 0): number | null {
  const seq = new Uint32Array(2);
  const buttons = new Uint8Array(2);
  return queue.popInto(slot, seq, buttons) ? seq[slot] : null;
}

describe('InputQueue', () => {
  it('applies one input per tick in order, per slot', () => {
    const q = new InputQueue(2);
    q.push(0, 1, 1);
    q.push(1, 7, 2);
    q.push(0, 2, 1);
    expect(pop(q, 0)).toBe(1);
    expect(pop(q, 1)).toBe(7);
    expect(pop(q, 0)).toBe(2);
    expect(pop(q, 0)).toBeNull();
  });

  it('plays a short burst out over the next ticks', () => {
    const q = new InputQueue(1);
    q.push(0, 1, 0);
    q.push(0, 2, 0);
    expect(pop(q)).toBe(1);
    expect(pop(q)).toBe(2);
  });

  it('drops the oldest when a backlog keeps standing, so inputs stop waiting an extra tick', () => {
    const q = new InputQueue(1);
    // One late arrival leaves two waiting; then one input arrives per tick, as a steady client sends.
    q.push(0, 1, 0);
    q.push(0, 2, 0);
    const applied: number[] = [];
    for (let seq = 3; seq <= 8; seq++) {
      applied.push(pop(q)!);
      q.push(0, seq, 0);
    }
    // After a few ticks the queue is back to one input per tick: the newest is applied at once.
    expect(applied).toEqual([1, 2, 4, 5, 6, 7]);
    expect(q.size(0)).toBe(1);
    for (let i = 1; i < applied.length; i++) expect(applied[i]).toBeGreaterThan(applied[i - 1]);
  });

  it('keeps only the newest inputs after a long stall', () => {
    const q = new InputQueue(1);
    for (let seq = 1; seq <= 20; seq++) q.push(0, seq, 0);
    expect(pop(q)).toBe(18);
  });
});
