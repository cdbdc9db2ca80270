import type { World } from '../sim/world';

/** Told of each slot that delivered during a step: how many pizzas and the points they made. */
export type DeliverySink = (slot: number, count: number, points: number) => void;

/**
 * Finds who delivered during a step, for the recorder (which records it) and the replayer
 * (which must reproduce it): deliveries and score per slot are compared with a copy, only when
 * the world's delivery total moved. The replayer copies before every step (before/after); the
 * recorder copies only when the world changed otherwise (sync at joins, leaves, a round's start)
 * and after each delivery (changed), so a tick without one costs one comparison.
 */
export class DeliveryWatch {
  private readonly deliveries: Int32Array;
  private readonly score: Int32Array;
  private total = 0;

  constructor(maxPlayers: number) {
    this.deliveries = new Int32Array(maxPlayers);
    this.score = new Int32Array(maxPlayers);
  }

  before(world: World): void {
    this.sync(world);
  }

  /** Takes the world's deliveries and scores as they are now. */
  sync(world: World): void {
    this.deliveries.set(world.deliveries);
    this.score.set(world.score);
    this.total = world.deliveredTotal;
  }

  /** after(), then sync() when anyone delivered. */
  changed(world: World, sink: DeliverySink): void {
    if (world.deliveredTotal === this.total) return;
    this.after(world, sink);
    this.sync(world);
  }

  after(world: World, sink: DeliverySink): void {
    if (world.deliveredTotal === this.total) return;
    const { deliveries, score } = world;
    for (let slot = 0; slot < deliveries.length; slot++) {
      const count = deliveries[slot] - this.deliveries[slot];
      if (count > 0) sink(slot, count, score[slot] - this.score[slot]);
    }
  }
}
