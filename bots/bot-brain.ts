import { Button, HEADING_STEPS, MAX_CARRY, Phase, POSITION_SCALE, Tile, TILE_SIZE } from '../shared/sim/constants';
import { tileCenterX, tileCenterY, type City } from '../shared/sim/city';
import type { MovementParams } from '../shared/sim/world';
import { headingError, headingToward } from '../shared/sim/direction';
import { packControl, packSteer, STEER_THROTTLE_MAX } from '../shared/sim/steering';
import { distanceFieldsFor, UNREACHABLE, type DistanceFields } from './distance-field';

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
/** A wandering bot picks another house to ride to this often. */
const REWANDER_EVERY_DECISIONS = 90;
/**
 * A bot riding on has moved at least STUCK_MIN_PROGRESS over every STUCK_WINDOW_DECISIONS
 * decisions, or it is stuck: pinned on a wall, or in a knot of scooters that all push each
 * other (their speeds stay up while nobody moves, so speed alone cannot tell).
 */
const STUCK_WINDOW_DECISIONS = 30;
const STUCK_MIN_PROGRESS = TILE_QUANTA / 2;
const REVERSE_FOR_DECISIONS = 12;
/**
 * Point-steering bots aim in 128 directions, as the browser's stick does: aiming at the next
 * tile's centre to the exact step would change the target, and send an input, nearly every tick.
 */
const AIM_STEPS = HEADING_STEPS / 128;
/** Throttle (of 15) for the last few pixels to a building: slow enough to stop against it. */
const CREEP_THROTTLE = 5;

type Goal = 'shop' | 'house' | 'wander';

/**
 * A bot that plays like a person: rides the roads to a shop, loads up, then to the nearest
 * house with an open order, and backs out when it gets stuck. One decision per input tick.
 * It steers by the process-wide distance fields (distance-field.ts): no search and no
 * allocation per decision.
 */
export class BotBrain {
  private readonly fields: DistanceFields;
  private field: Int16Array;
  private goal: Goal = 'shop';
  private goalHouse = -1;
  /** True while standing beside the goal (distance 0). */
  private beside = false;
  private decisionsSinceWander = 0;
  /** Decisions spent riding on since the progress window started, and where it started. */
  private windowDecisions = 0;
  private windowX = 0;
  private windowY = 0;
  private reverseDecisions = 0;
  private reverseSteer: number = Button.Left;
  /** Point steering's way out of a dead end: the heading it points at while backing out. */
  private escapeHeading = 0;

  constructor(
    private readonly city: City,
    private readonly params: MovementParams,
    private readonly quirk = 0,
  ) {
    this.fields = distanceFieldsFor(city);
    this.field = this.fields.shop();
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
    this.chooseGoal(view, slot, x, y, here);
    const distance = this.field[here];
    this.beside = distance === 0;
    if (distance === UNREACHABLE) return Button.Up | (this.quirk & 1 ? Button.Left : Button.Right);
    const goalTile = distance === 0 ? this.goalTileBeside(here) : -1;
    // Beside the goal and in reach: hold still (in the lobby the pizzas wait for the round).
    if (goalTile >= 0 && this.inReach(goalTile, x, y)) {
      this.stuck(0, x, y);
      return speed > 0 ? Button.Down : 0;
    }
    // Beside it but out of reach (bumped to the road's far side): creep toward the building.
    const aim = goalTile >= 0 ? goalTile : this.fields.nextStep(this.field, here);
    const creep = goalTile >= 0;
    const dx = tileCenterX(this.city, aim) - x;
    const dy = tileCenterY(this.city, aim) - y;
    const desired = Math.round(Math.atan2(dy, dx) * RADIANS_TO_STEPS);
    const error = ((((desired - view.heading[slot]) % HEADING_STEPS) + HEADING_STEPS + HEADING_STEPS / 2) % HEADING_STEPS) - HEADING_STEPS / 2;
    let buttons = 0;
    if (error > STEER_DEADBAND) buttons |= Button.Right;
    else if (error < -STEER_DEADBAND) buttons |= Button.Left;
    const absError = Math.abs(error);
    if (creep) {
      if (absError < HEADING_STEPS / 6 && speed < this.params.maxSpeed / 4) buttons |= Button.Up;
      else if (speed > this.params.maxSpeed / 4) buttons |= Button.Down;
    } else if (absError < HEADING_STEPS / 6) buttons |= Button.Up;
    else if (absError > HEADING_STEPS / 4 && speed > this.params.maxSpeed / 3) buttons |= Button.Down;
    else if (speed < this.params.maxSpeed / 4) buttons |= Button.Up;

    if (this.stuck(buttons & Button.Up ? 1 : 0, x, y)) this.reverseSteer = error > 0 ? Button.Left : Button.Right;
    return buttons;
  }

  /**
   * The same rides steered the new way (protocol version 3, shared/sim/steering.ts): point at
   * the next road tile toward the goal, full throttle; let go beside the goal (the scooter
   * coasts to a stop in reach); when pinned, point back the way it came for a moment. Returns
   * a control word. `npm run bots -- --steering point` rides with it.
   */
  decidePoint(view: BotView, slot: number): number {
    const x = view.px[slot];
    const y = view.py[slot];
    if (this.reverseDecisions > 0) {
      this.reverseDecisions--;
      return packControl(0, packSteer(this.escapeHeading, STEER_THROTTLE_MAX));
    }
    const here = this.tileOf(x, y);
    this.chooseGoal(view, slot, x, y, here);
    const distance = this.field[here];
    this.beside = distance === 0;
    const goalTile = distance === 0 ? this.goalTileBeside(here) : -1;
    if (goalTile >= 0 && this.inReach(goalTile, x, y)) {
      this.stuck(0, x, y);
      return 0;
    }
    let target: number;
    let throttle = STEER_THROTTLE_MAX;
    if (goalTile >= 0) {
      // Out of reach beside it (bumped to the road's far side): point at the building, slowly.
      target = headingToward(tileCenterX(this.city, goalTile) - x, tileCenterY(this.city, goalTile) - y);
      if (target < 0) target = view.heading[slot];
      throttle = CREEP_THROTTLE;
    } else if (distance === UNREACHABLE) {
      target = view.heading[slot] + (this.quirk & 1 ? -HEADING_STEPS / 8 : HEADING_STEPS / 8);
    } else {
      const waypoint = this.fields.nextStep(this.field, here);
      target = headingToward(tileCenterX(this.city, waypoint) - x, tileCenterY(this.city, waypoint) - y);
      if (target < 0) target = view.heading[slot];
    }
    const aligned = Math.abs(headingError(target, view.heading[slot])) < HEADING_STEPS / 8;
    if (this.stuck(aligned ? 1 : 0, x, y)) {
      this.escapeHeading = (view.heading[slot] + HEADING_STEPS / 2 + (this.quirk & 1 ? 200 : -200)) & (HEADING_STEPS - 1);
    }
    return packControl(0, packSteer(Math.round(target / AIM_STEPS) * AIM_STEPS, throttle));
  }

  private chooseGoal(view: BotView, slot: number, x: number, y: number, here: number): void {
    const carrying = view.carrying[slot];
    let goal: Goal;
    let house = -1;
    const nearShop = this.goal === 'shop' && this.beside;
    if (view.phase !== Phase.Playing) goal = 'shop';
    else if (carrying === 0 || (nearShop && carrying < MAX_CARRY)) goal = 'shop';
    else {
      house = this.nearestOrder(view, x, y);
      goal = house >= 0 ? 'house' : carrying < MAX_CARRY ? 'shop' : 'wander';
    }
    if (goal === 'wander') {
      const keep = this.goal === 'wander' && ++this.decisionsSinceWander < REWANDER_EVERY_DECISIONS;
      house = keep ? this.goalHouse : (this.quirk + (here >> 3)) % this.city.houses.length;
      if (!keep) this.decisionsSinceWander = 0;
    }
    if (goal !== this.goal || house !== this.goalHouse) {
      this.goal = goal;
      this.goalHouse = house;
      this.field = goal === 'shop' ? this.fields.shop() : this.fields.house(house);
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

  /**
   * Counts a decision that rides on (`ridingOn` 1: throttle held, roughly facing the way) and
   * says whether the bot is stuck; if so it starts backing out. Any other decision (turning
   * in place, holding still) restarts the window: it is not meant to move.
   */
  private stuck(ridingOn: number, x: number, y: number): boolean {
    if (ridingOn === 0 || this.windowDecisions === 0) {
      this.windowDecisions = ridingOn;
      this.windowX = x;
      this.windowY = y;
      return false;
    }
    if (++this.windowDecisions < STUCK_WINDOW_DECISIONS) return false;
    const moved = Math.abs(x - this.windowX) + Math.abs(y - this.windowY);
    this.windowDecisions = 0;
    if (moved >= STUCK_MIN_PROGRESS) return false;
    this.reverseDecisions = REVERSE_FOR_DECISIONS;
    return true;
  }

  /** The goal's building next to road tile `here` (a tile at distance 0 has one). */
  private goalTileBeside(here: number): number {
    const w = this.city.widthTiles;
    const x = here % w;
    if (x + 1 < w && this.isGoalTile(here + 1)) return here + 1;
    if (x > 0 && this.isGoalTile(here - 1)) return here - 1;
    if (this.isGoalTile(here + w)) return here + w;
    if (this.isGoalTile(here - w)) return here - w;
    return here;
  }

  private isGoalTile(t: number): boolean {
    if (t < 0 || t >= this.city.tiles.length) return false;
    return this.goal === 'shop' ? this.city.tiles[t] === Tile.Shop : t === this.city.houses[this.goalHouse];
  }

  /** Within the game's pickup and delivery distance of the goal's building (deliveries.ts). */
  private inReach(goalTile: number, x: number, y: number): boolean {
    const dx = tileCenterX(this.city, goalTile) - x;
    const dy = tileCenterY(this.city, goalTile) - y;
    return dx * dx + dy * dy <= this.params.reach * this.params.reach;
  }

  private tileOf(x: number, y: number): number {
    const tx = Math.min(this.city.widthTiles - 1, Math.max(0, Math.floor(x / TILE_QUANTA)));
    const ty = Math.min(this.city.heightTiles - 1, Math.max(0, Math.floor(y / TILE_QUANTA)));
    return ty * this.city.widthTiles + tx;
  }
}
