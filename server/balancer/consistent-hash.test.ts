import { describe, expect, it } from 'vitest';
import { moduloPick, rendezvousPick } from './consistent-hash';

/** 1000 distinct made-up client addresses (never contacted: only hashed). */
const CLIENT_IPS = Array.from({ length: 1000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `node-${i + 1}`);

function assignAll(pick: (key: string, ids: readonly string[]) => string | null, ids: readonly string[]): Map<string, string | null> {
  return new Map(CLIENT_IPS.map((ip) => [ip, pick(ip, ids)]));
}

function moved(before: Map<string, string | null>, after: Map<string, string | null>): string[] {
  return CLIENT_IPS.filter((ip) => before.get(ip) !== after.get(ip));
}

describe('rendezvous hashing (ip-hash)', () => {
  it('is stable: the same address maps to the same node, whatever the list order', () => {
    const ids = nodeIds(4);
    for (const ip of CLIENT_IPS.slice(0, 50)) {
      expect(rendezvousPick(ip, ids)).toBe(rendezvousPick(ip, [...ids].reverse()));
    }
    expect(rendezvousPick('10.0.0.1', [])).toBeNull();
  });

  it('spreads addresses about evenly', () => {
    const counts = new Map<string, number>();
    for (const node of assignAll(rendezvousPick, nodeIds(4)).values()) counts.set(node ?? '', (counts.get(node ?? '') ?? 0) + 1);
    for (const n of counts.values()) expect(Math.abs(n - 250)).toBeLessThan(250 * 0.25);
  });

  it('adding a 5th node moves about 1/5 of 1000 clients, all of them to the new node; modulo moves most', () => {
    const before = assignAll(rendezvousPick, nodeIds(4));
    const after = assignAll(rendezvousPick, nodeIds(5));
    const hrwMoved = moved(before, after);
    const moduloMoved = moved(assignAll(moduloPick, nodeIds(4)), assignAll(moduloPick, nodeIds(5)));
    console.info(`remap on 4 -> 5 nodes, 1000 clients: rendezvous ${hrwMoved.length} (ideal 200), modulo ${moduloMoved.length}`);
    expect(hrwMoved.length).toBeLessThanOrEqual(1000 / 5 + 50);
    expect(hrwMoved.length).toBeGreaterThan(1000 / 5 - 50);
    for (const ip of hrwMoved) expect(after.get(ip)).toBe('node-5');
    expect(moduloMoved.length).toBeGreaterThan(600);
  });

  it('removing a node moves only the clients it held', () => {
    const ids = nodeIds(5);
    const before = assignAll(rendezvousPick, ids);
    const after = assignAll(rendezvousPick, ids.filter((id) => id !== 'node-3'));
    const hrwMoved = moved(before, after);
    const heldByNode3 = CLIENT_IPS.filter((ip) => before.get(ip) === 'node-3');
    expect(hrwMoved.sort()).toEqual(heldByNode3.sort());
    const moduloMoved = moved(assignAll(moduloPick, ids), assignAll(moduloPick, ids.filter((id) => id !== 'node-3')));
    console.info(`remap on 5 -> 4 nodes, 1000 clients: rendezvous ${hrwMoved.length} (node-3 held ${heldByNode3.length}), modulo ${moduloMoved.length}`);
    expect(moduloMoved.length).toBeGreaterThan(600);
  });
});
