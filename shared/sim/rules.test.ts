import { describe, expect, it } from 'vitest';
import { MAX_CARRY, Phase } from './constants';
import { tileCenterX, tileCenterY } from './city';
import { DELIVERY_POINTS, SPEED_BONUS_MAX } from './deliveries';
import { addPlayer, findFreeSlot, removePlayer, setConnected, activePlayerCount } from './players';
import { startRound } from './round';
import { step } from './step';
import { drivableNeighbours, makeWorld } from './test-helpers';
import { createInputFrame, type World } from './world';

const FAR_FUTURE = 1 << 30;

/** A world in a round with one parked player and no random orders. */
function playing(): World {
  const world = makeWorld(21, { autoRounds: false });
  addPlayer(world, 0);
  startRound(world);
  world.nextOrderTick = FAR_FUTURE;
  return world;
}

/** Parks slot 0 at the centre of a drivable tile beside the given tile. */
function parkBeside(world: World, tile: number): void {
  const spot = drivableNeighbours(world.city, tile)[0];
  world.px[0] = tileCenterX(world.city, spot);
  world.py[0] = tileCenterY(world.city, spot);
  world.speed[0] = 0;
}

function openOrder(world: World, house: number, deadlineTicks: number): void {
  world.orderPlacedTick[house] = world.tick;
  world.orderExpireTick[house] = world.tick + deadlineTicks;
}

/** A house far from every shop, so parking there does not refill the scooter. */
function houseAwayFromShops(world: World): number {
  const { city } = world;
  const reach = world.params.reach * 3;
  for (let h = 0; h < city.houses.length; h++) {
    const hx = tileCenterX(city, city.houses[h]);
    const hy = tileCenterY(city, city.houses[h]);
    const near = Array.from(city.shops).some((s) => Math.hypot(tileCenterX(city, s) - hx, tileCenterY(city, s) - hy) < reach);
    if (!near) return h;
  }
  throw new Error('no house away from the shops');
}

const inputs = createInputFrame(40);

describe('pickups and deliveries', () => {
  it('a shop fills the scooter to MAX_CARRY and no further', () => {
    const world = playing();
    parkBeside(world, world.city.shops[0]);
    step(world, inputs);
    expect(world.carrying[0]).toBe(MAX_CARRY);
    step(world, inputs);
    expect(world.carrying[0]).toBe(MAX_CARRY);
  });

  it('a delivery scores, clears the order and uses a pizza', () => {
    const world = playing();
    const h = houseAwayFromShops(world);
    world.carrying[0] = 2;
    openOrder(world, h, 900);
    parkBeside(world, world.city.houses[h]);
    step(world, inputs);
    expect(world.orderExpireTick[h]).toBe(0);
    expect(world.carrying[0]).toBe(1);
    expect(world.deliveries[0]).toBe(1);
    expect(world.deliveredTotal).toBe(1);
    expect(world.score[0]).toBe(DELIVERY_POINTS + SPEED_BONUS_MAX);
  });

  it('pays a bigger bonus for a faster delivery', () => {
    const fast = playing();
    const slow = playing();
    const h = houseAwayFromShops(fast);
    for (const world of [fast, slow]) {
      world.carrying[0] = 1;
      openOrder(world, h, 900);
    }
    for (let t = 0; t < 600; t++) step(slow, inputs);
    for (const world of [fast, slow]) {
      parkBeside(world, world.city.houses[h]);
      step(world, inputs);
    }
    expect(fast.score[0]).toBeGreaterThan(slow.score[0]);
    expect(slow.score[0]).toBeGreaterThan(DELIVERY_POINTS);
    expect(slow.score[0]).toBeLessThan(DELIVERY_POINTS + SPEED_BONUS_MAX / 2);
  });

  it('nothing is delivered without pizzas', () => {
    const world = playing();
    const h = houseAwayFromShops(world);
    openOrder(world, h, 900);
    parkBeside(world, world.city.houses[h]);
    step(world, inputs);
    expect(world.orderExpireTick[h]).not.toBe(0);
    expect(world.score[0]).toBe(0);
  });

  it('an overdue order expires, is counted and cleared', () => {
    const world = playing();
    openOrder(world, 0, 5);
    // Still open on the ticks before its expiry tick; cleared on the step that runs that tick.
    for (let t = 0; t < 5; t++) step(world, inputs);
    expect(world.orderExpireTick[0]).toBe(5);
    expect(world.expiredTotal).toBe(0);
    step(world, inputs);
    expect(world.orderExpireTick[0]).toBe(0);
    expect(world.expiredTotal).toBe(1);
  });

  it('outside Playing nothing is picked up or delivered', () => {
    const world = makeWorld(21, { autoRounds: false });
    addPlayer(world, 0);
    expect(world.phase).toBe(Phase.Lobby);
    parkBeside(world, world.city.shops[0]);
    step(world, inputs);
    expect(world.carrying[0]).toBe(0);
    const h = houseAwayFromShops(world);
    world.carrying[0] = 1;
    openOrder(world, h, 900);
    parkBeside(world, world.city.houses[h]);
    step(world, inputs);
    expect(world.carrying[0]).toBe(1);
    expect(world.score[0]).toBe(0);
    expect(world.deliveredTotal).toBe(0);
  });
});

describe('orders', () => {
  it('keeps a few orders open and more for a bigger room', () => {
    const small = makeWorld(5);
    addPlayer(small, 0);
    const big = makeWorld(5);
    for (let s = 0; s < 40; s++) addPlayer(big, s);
    for (let t = 0; t < 30 * 30; t++) {
      step(small, inputs);
      step(big, inputs);
    }
    const open = (w: World) => w.orderExpireTick.filter((t) => t !== 0).length;
    expect(open(small)).toBeGreaterThanOrEqual(2);
    expect(open(small)).toBeLessThanOrEqual(3);
    expect(open(big)).toBeGreaterThan(open(small) * 3);
    for (let h = 0; h < big.orderExpireTick.length; h++) {
      if (big.orderExpireTick[h] === 0) continue;
      const deadline = big.orderExpireTick[h] - big.orderPlacedTick[h];
      expect(deadline).toBeGreaterThanOrEqual(25 * 30);
      expect(deadline).toBeLessThanOrEqual(40 * 30);
    }
  });
});

describe('rounds', () => {
  it('auto rounds go Lobby -> Playing -> Results -> Playing', () => {
    const world = makeWorld(8, { roundSeconds: 2, resultsSeconds: 1 });
    addPlayer(world, 0);
    step(world, inputs);
    expect(world.phase).toBe(Phase.Playing);
    expect(world.round).toBe(1);
    expect(world.phaseEndTick).toBe(60);
    world.score[0] = 500;
    while (world.tick < 60) step(world, inputs);
    expect(world.phase).toBe(Phase.Playing);
    step(world, inputs);
    expect(world.phase).toBe(Phase.Results);
    expect(world.score[0]).toBe(500);
    expect(world.orderExpireTick.every((t) => t === 0)).toBe(true);
    while (world.tick < 90) step(world, inputs);
    step(world, inputs);
    expect(world.phase).toBe(Phase.Playing);
    expect(world.round).toBe(2);
    expect(world.score[0]).toBe(0);
  });

  it('without auto rounds, results return to the lobby and the lobby waits', () => {
    const world = makeWorld(8, { roundSeconds: 1, resultsSeconds: 1, autoRounds: false });
    for (let t = 0; t < 50; t++) step(world, inputs);
    expect(world.phase).toBe(Phase.Lobby);
    startRound(world);
    for (let t = 0; t < 31; t++) step(world, inputs);
    expect(world.phase).toBe(Phase.Results);
    for (let t = 0; t < 30; t++) step(world, inputs);
    expect(world.phase).toBe(Phase.Lobby);
    expect(world.phaseEndTick).toBe(0);
    expect(world.round).toBe(1);
  });
});

describe('players', () => {
  it('join, leave, disconnect', () => {
    const world = makeWorld(4, { maxPlayers: 2 });
    expect(findFreeSlot(world)).toBe(0);
    addPlayer(world, 0);
    addPlayer(world, 1);
    expect(findFreeSlot(world)).toBe(-1);
    expect(activePlayerCount(world)).toBe(2);
    world.buttons[0] = 1;
    world.score[0] = 7;
    setConnected(world, 0, false);
    expect(world.buttons[0]).toBe(0);
    expect(world.score[0]).toBe(7);
    removePlayer(world, 1);
    expect(findFreeSlot(world)).toBe(1);
    expect(world.px[1]).toBe(0);
  });

  it('a disconnected scooter ignores inputs and coasts to a stop', () => {
    const world = makeWorld(4, { autoRounds: false });
    addPlayer(world, 0);
    world.speed[0] = 100;
    setConnected(world, 0, false);
    const frame = createInputFrame(world.maxPlayers);
    frame.has[0] = 1;
    frame.buttons[0] = 1;
    frame.seq[0] = 9;
    for (let t = 0; t < 60; t++) step(world, frame);
    expect(world.speed[0]).toBe(0);
    expect(frame.has[0]).toBe(1);
  });
});
