import type { Recording } from '../../shared/replay/recording';
import type { MarkConditions } from '../../shared/replay/replay-format';
import { conditionsText } from './view-source';

/** A change of the teacher's conditions: on the room (slot -1) or on one player's seat. */
interface ConditionsChange {
  readonly tick: number;
  readonly slot: number;
  readonly conditions: MarkConditions | null;
}

/**
 * The network conditions the teacher put on a recorded round, as they stood at any tick, so
 * the replay's leaderboard says who was slowed on purpose, as the live projector view does
 * (issue 14). From the recording's teacher 'conditions' marks; a seat's conditions end when
 * its player leaves (the next player in that slot starts clear).
 */
export class RecordedConditions {
  private readonly changes: ConditionsChange[] = [];

  constructor(recording: Recording) {
    for (const e of recording.events) {
      if (e.kind === 'teacher' && e.mark === 'conditions') this.changes.push({ tick: e.tick, slot: e.playerId ?? -1, conditions: e.conditions });
      else if (e.kind === 'leave') this.changes.push({ tick: e.tick, slot: e.slot, conditions: null });
    }
  }

  /** What was imposed on the room and on `slot` at `tick`, as the leaderboard shows it ('' when nothing). */
  textAt(tick: number, slot: number): string {
    let room: MarkConditions | null = null;
    let seat: MarkConditions | null = null;
    for (const change of this.changes) {
      if (change.tick > tick) break;
      if (change.slot === -1) room = change.conditions;
      else if (change.slot === slot) seat = change.conditions;
    }
    return [conditionsText(room), conditionsText(seat)].filter((text) => text !== '').join(' · ');
  }
}
