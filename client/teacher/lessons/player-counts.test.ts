import { describe, expect, it } from 'vitest';
import type { RoomView } from '../teacher-api';
import { countPlayers } from './player-counts';

const player = (id: number, over: Partial<RoomView['players'][number]> = {}): RoomView['players'][number] => ({
  id,
  name: `p${id}`,
  score: 0,
  deliveries: 0,
  carrying: 0,
  connected: true,
  bot: false,
  rttMs: 20,
  node: 'node-1',
  conditions: null,
  ...over,
});

const view = (players: RoomView['players']): RoomView => ({
  code: 'K7QX2',
  owner: 'node-1',
  phase: 'lobby',
  round: 0,
  tick: 0,
  roundSecondsLeft: 0,
  roundSeconds: 180,
  locked: false,
  capacity: 40,
  bots: players.filter((p) => p.bot).length,
  nodeConditions: null,
  players,
  removed: [],
});

describe('countPlayers', () => {
  it('gives every card the same numbers: students apart from bots, per node, away apart', () => {
    // The classroom of the bug report: three students and two bots.
    const v = view([player(0), player(1, { node: 'node-2' }), player(2), player(3, { bot: true }), player(4, { bot: true }), player(5, { connected: false })]);
    const c = countPlayers(v, ['node-1', 'node-2', 'node-3']);
    expect(c.connected).toBe(3);
    expect(c.bots).toBe(2);
    expect(c.away).toBe(1);
    expect([...c.perNode]).toEqual([
      ['node-1', 2],
      ['node-2', 1],
      ['node-3', 0],
    ]);
    expect([...c.perNode.values()].reduce((a, b) => a + b, 0)).toBe(c.connected);
  });

  it('is all zeros before the first view', () => {
    expect(countPlayers(null)).toEqual({ connected: 0, away: 0, bots: 0, perNode: new Map() });
  });
});
