import { describe, expect, it } from 'vitest';
import type { Recording, ReplayEvent } from '../../shared/replay/recording';
import { RecordedConditions } from './recorded-conditions';

const slow = (latencyMs: number) => ({ latencyMs, jitterMs: 0, lossPct: 0 });

/** Only the events matter here; the rest of a Recording is not read. */
function recordingOf(events: ReplayEvent[]): Recording {
  return { events } as unknown as Recording;
}

describe('RecordedConditions', () => {
  it('says what the teacher imposed on the room and on each seat at a tick, until cleared or the player left', () => {
    const conditions = new RecordedConditions(
      recordingOf([
        { kind: 'teacher', tick: 10, mark: 'conditions', playerId: 1, conditions: slow(200) },
        { kind: 'teacher', tick: 20, mark: 'kick', playerId: 2, conditions: null },
        { kind: 'teacher', tick: 30, mark: 'conditions', playerId: null, conditions: { latencyMs: 0, jitterMs: 0, lossPct: 0 } },
        { kind: 'teacher', tick: 40, mark: 'conditions', playerId: null, conditions: slow(50) },
        { kind: 'leave', tick: 50, slot: 1 },
        { kind: 'teacher', tick: 60, mark: 'conditions', playerId: null, conditions: null },
      ]),
    );
    expect(conditions.textAt(9, 1)).toBe('');
    expect(conditions.textAt(10, 1)).toBe('+200 ms');
    expect(conditions.textAt(10, 0)).toBe('');
    expect(conditions.textAt(45, 1)).toBe('+50 ms · +200 ms');
    expect(conditions.textAt(45, 0)).toBe('+50 ms');
    // Whoever takes slot 1 after the leave starts clear; the room's conditions still apply.
    expect(conditions.textAt(55, 1)).toBe('+50 ms');
    expect(conditions.textAt(60, 0)).toBe('');
  });
});
