import Phaser from 'phaser';
import { POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import { tileCenterX, tileCenterY } from '../../shared/sim/city';
import { headingToRadians } from '../net/game-session';
import { CITY_TEXTURE, paintCity } from './city-painter';
import { DeliveryEffects, type RewardReport } from './delivery-effects';
import { GuideArrow, type GuideReport } from './guide-arrow';
import { LABEL_FONT_FAMILY, redrawWhenGlyphsReady } from './label-font';
import { SceneKey, type SceneFeed } from './scene-feed';
import { TextureKey } from './textures';

/** Player colours, chosen for contrast on the grey roads and for colour-blind pairs (the replay view draws with them too). */
export const PLAYER_COLORS = [0x4cc9f0, 0xf72585, 0xffb703, 0x80ed99, 0xb388eb, 0xff7f51, 0x00b4d8, 0xe9c46a];
/** Shortest screen side shows about this many tiles, so a phone and a projector both read. */
const TILES_ACROSS_SHORT_SIDE = 13;

interface PlayerSprite {
  body: Phaser.GameObjects.Image;
  label: Phaser.GameObjects.Text;
  name: string;
}

interface OrderMarker {
  container: Phaser.GameObjects.Container;
  text: Phaser.GameObjects.Text;
  ring: Phaser.GameObjects.Graphics;
  shownSeconds: number;
  shownFraction: number;
}

/** The city and everyone in it, drawn from the feed's predicted / interpolated view. */
export class GameScene extends Phaser.Scene {
  private feed!: SceneFeed;
  private readonly players: (PlayerSprite | null)[] = [];
  private self: PlayerSprite | null = null;
  private halo!: Phaser.GameObjects.Image;
  private readonly orders: OrderMarker[] = [];
  private shopLabels: Phaser.GameObjects.Text[] = [];
  private followed = false;
  /** Onboarding (issue 12): the arrow to the next target and the delivery rewards. */
  private guide: GuideArrow | null = null;
  private effects: DeliveryEffects | null = null;

  constructor() {
    super(SceneKey.Game);
  }

  init(data: { feed: SceneFeed }): void {
    this.feed = data.feed;
    // A restart (another room) reuses this instance; its old game objects are gone.
    this.players.length = 0;
    this.orders.length = 0;
    this.shopLabels = [];
    this.self = null;
    this.followed = false;
    this.guide = null;
    this.effects = null;
  }

  create(): void {
    const city = this.feed.city;
    if (city === null) throw new Error('GameScene started before the welcome');
    paintCity(this, city);
    this.add.image(0, 0, CITY_TEXTURE).setOrigin(0, 0).setDepth(0);
    const worldW = city.widthTiles * TILE_SIZE;
    const worldH = city.heightTiles * TILE_SIZE;
    this.cameras.main.setBounds(-TILE_SIZE * 2, -TILE_SIZE * 2, worldW + TILE_SIZE * 4, worldH + TILE_SIZE * 4);
    this.cameras.main.setBackgroundColor(0x1b1f27);

    for (const shop of city.shops) {
      const label = this.add
        .text(tileCenterX(city, shop) / POSITION_SCALE, tileCenterY(city, shop) / POSITION_SCALE - 24, this.feed.shopLabel(), textStyle(13, '#ffffff', '#8d0801'))
        .setOrigin(0.5, 1)
        .setDepth(5);
      this.shopLabels.push(label);
    }
    for (let h = 0; h < city.houses.length; h++) this.orders.push(this.makeOrderMarker(city.houses[h]));
    this.halo = this.add.image(0, 0, TextureKey.Halo).setDepth(9).setVisible(false);
    this.guide = new GuideArrow(this);

    this.scale.on(Phaser.Scale.Events.RESIZE, () => this.fitZoom());
    this.fitZoom();
  }

  override update(): void {
    const now = performance.now();
    const view = this.feed.frame(now);
    const state = this.feed.state;
    if (view === null || state === null) return;
    const selfId = this.feed.selfId;
    const others = view.others;
    for (let s = 0; s < others.visible.length; s++) {
      const isSelf = s === selfId;
      const visible = isSelf ? view.selfVisible : others.visible[s] === 1;
      let sprite = this.players[s] ?? null;
      if (!visible) {
        if (sprite !== null) this.setPlayerVisible(sprite, false);
        continue;
      }
      if (sprite === null) sprite = this.makePlayer(s, isSelf);
      this.setPlayerVisible(sprite, true);
      const x = isSelf ? view.selfX : others.x[s] / POSITION_SCALE;
      const y = isSelf ? view.selfY : others.y[s] / POSITION_SCALE;
      const angle = isSelf ? view.selfAngle : headingToRadians(others.heading[s]);
      sprite.body.setPosition(x, y).setRotation(angle);
      // A dropped player's scooter waits, parked and faded, for them to come back.
      sprite.body.setAlpha(state.connected[s] ? 1 : 0.45);
      sprite.label.setPosition(x, y - 20);
      const name = this.feed.nameOf(s);
      if (name !== sprite.name) {
        sprite.name = name;
        sprite.label.setText(name);
        redrawWhenGlyphsReady(sprite.label);
      }
      if (isSelf) {
        this.halo.setVisible(true).setPosition(x, y);
        if (!this.followed) {
          this.cameras.main.startFollow(sprite.body, true, 0.15, 0.15);
          this.followed = true;
        }
      }
    }
    this.updateOrders();
    const city = this.feed.city;
    if (city !== null) {
      this.guide?.update(city, state, view.selfVisible ? selfId : -1, view.selfX, view.selfY, now);
      if (this.effects === null) this.effects = new DeliveryEffects(this, city, state.maxPlayers);
      this.effects.update(state, selfId);
    }
    const label = this.feed.shopLabel();
    for (const l of this.shopLabels) {
      if (l.text === label) continue;
      l.setText(label);
      redrawWhenGlyphsReady(l);
    }
  }

  /** What the guide arrow shows (test hook); null before the scene runs. */
  guideReport(): GuideReport | null {
    return this.guide?.report() ?? null;
  }

  /** Recent deliveries the scene celebrated (test hook). */
  rewards(): readonly RewardReport[] {
    return this.effects?.recent ?? [];
  }

  private makePlayer(slot: number, isSelf: boolean): PlayerSprite {
    const color = PLAYER_COLORS[slot % PLAYER_COLORS.length];
    const body = this.add.image(0, 0, TextureKey.Scooter).setTint(color).setDepth(isSelf ? 11 : 10);
    const label = this.add
      .text(0, 0, '', textStyle(isSelf ? 14 : 12, isSelf ? '#ffd60a' : '#ffffff', '#111111'))
      .setOrigin(0.5, 1)
      .setDepth(20);
    const sprite: PlayerSprite = { body, label, name: '' };
    this.players[slot] = sprite;
    if (isSelf) this.self = sprite;
    return sprite;
  }

  private setPlayerVisible(sprite: PlayerSprite, visible: boolean): void {
    if (sprite.body.visible === visible) return;
    sprite.body.setVisible(visible);
    sprite.label.setVisible(visible);
    if (sprite === this.self && !visible) this.halo.setVisible(false);
  }

  private makeOrderMarker(houseTile: number): OrderMarker {
    const city = this.feed.city;
    if (city === null) throw new Error('no city');
    const x = tileCenterX(city, houseTile) / POSITION_SCALE;
    const y = tileCenterY(city, houseTile) / POSITION_SCALE - 22;
    const ring = this.add.graphics();
    const bubble = this.add.graphics();
    bubble.fillStyle(0xffffff, 1);
    bubble.fillCircle(0, 0, 15);
    bubble.fillTriangle(-6, 11, 6, 11, 0, 20);
    const pizza = this.add.image(0, -2, TextureKey.Pizza).setScale(0.8);
    const text = this.add.text(0, 17, '', textStyle(12, '#ffffff', '#1b1f27')).setOrigin(0.5, 0);
    const container = this.add.container(x, y, [bubble, ring, pizza, text]).setDepth(15).setVisible(false);
    return { container, text, ring, shownSeconds: -1, shownFraction: -1 };
  }

  private updateOrders(): void {
    const state = this.feed.state;
    if (state === null) return;
    const hz = this.feed.tickRateHz;
    for (let h = 0; h < this.orders.length; h++) {
      const m = this.orders[h];
      const left = state.orderExpireTick[h] - state.tick;
      const open = state.orderExpireTick[h] !== 0 && left > 0;
      m.container.setVisible(open);
      if (!open) continue;
      const seconds = Math.ceil(left / hz);
      if (seconds !== m.shownSeconds) {
        m.shownSeconds = seconds;
        m.text.setText(`${seconds}s`);
      }
      const total = Math.max(1, state.orderExpireTick[h] - state.orderPlacedTick[h]);
      const fraction = Math.round((left / total) * 40) / 40;
      if (fraction !== m.shownFraction) {
        m.shownFraction = fraction;
        // A ring that empties as the order runs out; it turns red in the last quarter.
        m.ring.clear();
        m.ring.lineStyle(4, fraction > 0.25 ? 0x2a9d8f : 0xe63946, 1);
        m.ring.beginPath();
        m.ring.arc(0, 0, 15, -Math.PI / 2, -Math.PI / 2 + fraction * Math.PI * 2, false);
        m.ring.strokePath();
      }
    }
  }

  private fitZoom(): void {
    const { width, height } = this.scale.gameSize;
    const zoom = Phaser.Math.Clamp(Math.min(width, height) / (TILES_ACROSS_SHORT_SIDE * TILE_SIZE), 0.6, 3);
    this.cameras.main.setZoom(zoom);
  }
}

function textStyle(sizePx: number, color: string, stroke: string): Phaser.Types.GameObjects.Text.TextStyle {
  return {
    fontFamily: LABEL_FONT_FAMILY,
    fontSize: `${sizePx}px`,
    fontStyle: 'bold',
    color,
    stroke,
    strokeThickness: 4,
    // Crisp when the camera zooms in on a projector.
    resolution: 2,
  };
}
