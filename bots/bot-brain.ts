import { Button, HEADING_STEPS, MAX_CARRY, Phase, POSITION_SCALE, Tile, TILE_SIZE } from '../shared/sim/constants';
import { tileCenterX, tileCenterY, type City } from '../shared/sim/city';
import type { MovementParams } from '../shared/sim/world';
import { RoadPathFinder } from './road-path';

/** What a bot reads of the game: the server's World or a client's decoded replica both fit. */
export interface BotView {
  tick: number;
  phase: number;
  readonly px: Int32Array;
  readonly py: Int32Array;
  readonly heading: Int32Array;
  readonly speed: Int32Array;
  readonly carrying: Uint8Array;
  readonly orderExpireTick: Int32Array;
}

const TILE_QUANTA = TILE_SIZE * POSITION_SCALE;
const RADIANS_TO_STEPS = HEADING_STEPS / (2 * Math.PI);
/** Heading error (steps) under which the bot stops steering: a dead band against wobble. */
const STEER_DEADBAND = 48;
const REPATH_EVERY_DECISIONS = 15;
const STUCK_AFTER_DECISIONS = 25;
const REVERSE_FOR_DECISIONS = 12;

type Goal = 'shop' | 'house' | 'wander';

/**
 * A bot that plays like a person: rides the roads to a shop, loads up, then to the nearest
 * house with an open order, and backs out when it gets stuck. One decision per input tick.
 */
export class BotBrain {
  private readonly paths: RoadPathFinder;
  private path: number[] | null = null;
  private goal: Goal = 'shop';
  private goalHouse = -1;
  private decisionsSincePath = 0;
  private stuckDecisions = 0;
  private reverseDecisions = 0;
  private reverseSteer: number = Button.Left;

  constructor(
    private readonly city: City,
    private readonly params: MovementParams,
    private readonly quirk = 0,
  ) {
    this.paths = new RoadPathFinder(city);
  }

  decide(view: BotView, slot: number): number {
    const x = view.px[slot];
    const y = view.py[slot];
    const speed = view.speed[slot];
    if (this.reverseDecisions > 0) {
      this.reverseDecisions--;
      return Button.Down | this.reverseSteer;
    }
    const here = this.tileOf(x, y);
    this.chooseGoal(view, slot, x, y);
    if (this.path === null || ++this.decisionsSincePath >= REPATH_EVERY_DECISIONS || !this.path.includes(here) && this.path.length > 0 && this.path[0] !== here) {
      this.replan(here);
    }
    const path = this.path;
    if (path === null) return Button.Up | (this.quirk & 1 ? Button.Left : Button.Right);
    if (path.length === 0) {
      // Beside the goal: hold still while the pizzas load; a delivery happens on arrival.
      return speed > 0 ? Button.Down : 0;
    }
    const at = path.indexOf(here);
    const waypoint = path[Math.min(at + 1, path.length - 1)];
    const dx = tileCenterX(this.city, waypoint) - x;
    const dy = tileCenterY(this.city, waypoint) - y;
    const desired = Math.round(Math.atan2(dy, dx) * RADIANS_TO_STEPS);
    const error = ((((desired - view.heading[slot]) % HEADING_STEPS) + HEADING_STEPS + HEADING_STEPS / 2) % HEADING_STEPS) - HEADING_STEPS / 2;
    let buttons = 0;
    if (error > STEER_DEADBAND) buttons |= Button.Right;
    else if (error < -STEER_DEADBAND) buttons |= Button.Left;
    const absError = Math.abs(error);
    if (absError < HEADING_STEPS / 6) buttons |= Button.Up;
    else if (absError > HEADING_STEPS / 4 && speed > this.params.maxSpeed / 3) buttons |= Button.Down;
    else if (speed < this.params.maxSpeed / 4) buttons |= Button.Up;

    if (buttons & Button.Up && Math.abs(speed) < this.params.maxSpeed / 10) {
      if (++this.stuckDecisions > STUCK_AFTER_DECISIONS) {
        this.stuckDecisions = 0;
        this.reverseDecisions = REVERSE_FOR_DECISIONS;
        this.reverseSteer = error > 0 ? Button.Left : Button.Right;
        this.path = null;
      }
    } else {
      this.stuckDecisions = 0;
    }
    return buttons;
  }

  private chooseGoal(view: BotView, slot: number, x: number, y: number): void {
    const carrying = view.carrying[slot];
    let goal: Goal;
    let house = -1;
    const nearShop = this.goal === 'shop' && this.path !== null && this.path.length === 0;
    if (view.phase !== Phase.Playing) goal = 'shop';
    else if (carrying === 0 || (nearShop && carrying < MAX_CARRY)) goal = 'shop';
    else {
      house = this.nearestOrder(view, x, y);
      goal = house >= 0 ? 'house' : carrying < MAX_CARRY ? 'shop' : 'wander';
    }
    if (goal !== this.goal || house !== this.goalHouse) {
      this.goal = goal;
      this.goalHouse = house;
      this.path = null;
    }
  }

  private nearestOrder(view: BotView, x: number, y: number): number {
    const houses = this.city.houses;
    let best = -1;
    let bestDistance = Infinity;
    for (let h = 0; h < houses.length; h++) {
      if (view.orderExpireTick[h] <= view.tick) continue;
      const d = Math.abs(tileCenterX(this.city, houses[h]) - x) + Math.abs(tileCenterY(this.city, houses[h]) - y);
      if (d < bestDistance) {
        bestDistance = d;
        best = h;
      }
    }
    return best;
  }

  private replan(here: number): void {
    this.decisionsSincePath = 0;
    const tiles = this.city.tiles;
    if (this.goal === 'shop') {
      this.path = this.paths.pathToBeside(here, (t) => tiles[t] === Tile.Shop);
    } else if (this.goal === 'house') {
      const target = this.city.houses[this.goalHouse];
      this.path = this.paths.pathToBeside(here, (t) => t === target);
    } else {
      const target = this.city.houses[(this.quirk + (here >> 3)) % this.city.houses.length];
      this.path = this.paths.pathToBeside(here, (t) => t === target);
    }
  }

  private tileOf(x: number, y: number): number {
    const tx = Math.min(this.city.widthTiles - 1, Math.max(0, Math.floor(x / TILE_QUANTA)));
    const ty = Math.min(this.city.heightTiles - 1, Math.max(0, Math.floor(y / TILE_QUANTA)));
    return ty * this.city.widthTiles + tx;
  }
}
