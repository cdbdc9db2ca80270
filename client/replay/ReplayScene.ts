import Phaser from 'phaser';
import { createSampledPositions, type SampledPositions } from '../../shared/replay/position-history';
import { POSITION_SCALE, TILE_SIZE } from '../../shared/sim/constants';
import { tileCenterX, tileCenterY } from '../../shared/sim/city';
import { headingToRadians } from '../net/render-view';
import { CITY_TEXTURE, paintCity } from '../scenes/city-painter';
import { PLAYER_COLORS } from '../scenes/GameScene';
import { LABEL_FONT_FAMILY, redrawWhenGlyphsReady } from '../scenes/label-font';
import { makeHaloTexture, makePizzaTexture, makeScooterTexture, TextureKey } from '../scenes/textures';
import type { ViewSource } from './view-source';

/** Scene keys equal class names (style.md). */
export const REPLAY_SCENE_KEY = 'ReplayScene';
/** Following one player: about this many tiles across the short side, as in the game. */
const FOLLOW_TILES_ACROSS = 13;
/** About the leaderboard card's width (replay.css), in CSS pixels. */
const LEADERBOARD_CLEARANCE_PX = 270;

/** What the scene drew for one slot this frame (world units): read by the page's test hook. */
export interface DrawnScooter {
  slot: number;
  x: number;
  y: number;
  /** Where the server had it, when the student's lens draws it elsewhere. */
  ghostX: number | null;
  ghostY: number | null;
}

interface Sprite {
  body: Phaser.GameObjects.Image;
  label: Phaser.GameObjects.Text;
  ghost: Phaser.GameObjects.Arc;
  name: string;
}

/**
 * The replay and projector view's map (issue 14): the city, every scooter where the source
 * says to draw it, rings where the server had them under the student's lens, the open orders,
 * and a camera on the whole city or on the followed player. It reads a ViewSource only.
 */
export class ReplayScene extends Phaser.Scene {
  private source!: ViewSource;
  private readonly sprites: (Sprite | null)[] = [];
  private readonly orders: Phaser.GameObjects.Container[] = [];
  private halo!: Phaser.GameObjects.Image;
  private positions!: SampledPositions;
  private ghostPositions!: SampledPositions;
  private cameraFollows = -2;
  /** Per slot, what was drawn on the last frame (null: nothing). */
  readonly drawn: (DrawnScooter | null)[] = [];
  /** Order bubbles shown on the last frame. */
  openOrders = 0;
  /** Scooters and names are drawn this much larger than the map (the whole city, zoomed out, on a projector). */
  private markScale = 1;

  constructor() {
    super(REPLAY_SCENE_KEY);
  }

  init(data: { source: ViewSource }): void {
    this.source = data.source;
    this.sprites.length = 0;
    this.orders.length = 0;
    this.drawn.length = 0;
    this.cameraFollows = -2;
  }

  create(): void {
    if (!this.textures.exists(TextureKey.Scooter)) makeScooterTexture(this);
    if (!this.textures.exists(TextureKey.Halo)) makeHaloTexture(this);
    if (!this.textures.exists(TextureKey.Pizza)) makePizzaTexture(this);
    const city = this.source.city;
    paintCity(this, city);
    this.add.image(0, 0, CITY_TEXTURE).setOrigin(0, 0).setDepth(0);
    this.cameras.main.setBackgroundColor(0x1b1f27);
    this.positions = createSampledPositions(this.source.maxPlayers);
    this.ghostPositions = createSampledPositions(this.source.maxPlayers);
    for (const house of city.houses) {
      const x = tileCenterX(city, house) / POSITION_SCALE;
      const y = tileCenterY(city, house) / POSITION_SCALE - 20;
      const bubble = this.add.graphics();
      bubble.fillStyle(0xffffff, 1);
      bubble.fillCircle(0, 0, 13);
      bubble.fillTriangle(-5, 10, 5, 10, 0, 18);
      const pizza = this.add.image(0, -1, TextureKey.Pizza).setScale(0.7);
      this.orders.push(this.add.container(x, y, [bubble, pizza]).setDepth(15).setVisible(false));
    }
    this.halo = this.add.image(0, 0, TextureKey.Halo).setDepth(9).setVisible(false);
    this.scale.on(Phaser.Scale.Events.RESIZE, () => (this.cameraFollows = -2));
  }

  override update(): void {
    const source = this.source;
    const p = this.positions;
    if (!source.frame(performance.now(), p)) return;
    const ghosts = source.ghosts(this.ghostPositions);
    const followed = source.followed;
    for (let s = 0; s < source.maxPlayers; s++) {
      let sprite = this.sprites[s] ?? null;
      if (p.visible[s] !== 1) {
        if (sprite !== null) this.hide(sprite);
        this.drawn[s] = null;
        continue;
      }
      sprite ??= this.makeSprite(s);
      const x = p.x[s] / POSITION_SCALE;
      const y = p.y[s] / POSITION_SCALE;
      sprite.body.setVisible(true).setPosition(x, y).setRotation(headingToRadians(p.heading[s]));
      // A dropped player's scooter waits, parked and faded, as in the game.
      sprite.body.setAlpha(source.connected(s) ? 1 : 0.45);
      sprite.body.setScale(this.markScale);
      sprite.label.setVisible(true).setPosition(x, y - 20 * this.markScale).setScale(this.markScale);
      sprite.ghost.setScale(this.markScale);
      const name = source.nameOf(s);
      if (name !== sprite.name) {
        sprite.name = name;
        sprite.label.setText(name);
        redrawWhenGlyphsReady(sprite.label);
      }
      const ghost = ghosts && s !== followed && this.ghostPositions.visible[s] === 1;
      const gx = ghost ? this.ghostPositions.x[s] / POSITION_SCALE : null;
      const gy = ghost ? this.ghostPositions.y[s] / POSITION_SCALE : null;
      sprite.ghost.setVisible(ghost);
      if (gx !== null && gy !== null) sprite.ghost.setPosition(gx, gy);
      this.drawn[s] = { slot: s, x, y, ghostX: gx, ghostY: gy };
    }
    const followedSprite = followed >= 0 ? (this.sprites[followed] ?? null) : null;
    this.halo.setVisible(followedSprite !== null && followedSprite.body.visible);
    if (followedSprite !== null) this.halo.setPosition(followedSprite.body.x, followedSprite.body.y).setScale(this.markScale);
    this.updateOrders();
    this.aimCamera(followed, followedSprite);
  }

  private makeSprite(slot: number): Sprite {
    const color = PLAYER_COLORS[slot % PLAYER_COLORS.length];
    const body = this.add.image(0, 0, TextureKey.Scooter).setTint(color).setDepth(10);
    const label = this.add.text(0, 0, '', labelStyle()).setOrigin(0.5, 1).setDepth(20);
    // The server's position under the student's lens: a ring in the player's colour.
    const ghost = this.add.circle(0, 0, 13).setStrokeStyle(3, color, 0.95).setDepth(8).setVisible(false);
    const sprite: Sprite = { body, label, ghost, name: '' };
    this.sprites[slot] = sprite;
    return sprite;
  }

  private hide(sprite: Sprite): void {
    sprite.body.setVisible(false);
    sprite.label.setVisible(false);
    sprite.ghost.setVisible(false);
  }

  private updateOrders(): void {
    const { ordersTick, orderExpireTick } = this.source;
    let open = 0;
    for (let h = 0; h < this.orders.length; h++) {
      const expires = orderExpireTick[h];
      const shown = expires !== 0 && expires > ordersTick;
      this.orders[h].setVisible(shown).setScale(this.markScale);
      if (shown) open++;
    }
    this.openOrders = open;
  }

  /** Whole city: zoomed to fit and centred. One player: followed at the game's zoom. */
  private aimCamera(followed: number, sprite: Sprite | null): void {
    const want = sprite === null ? -1 : followed;
    if (want === this.cameraFollows) return;
    const camera = this.cameras.main;
    const { width, height } = this.scale.gameSize;
    const city = this.source.city;
    const worldW = city.widthTiles * TILE_SIZE;
    const worldH = city.heightTiles * TILE_SIZE;
    camera.stopFollow();
    if (sprite === null) {
      camera.removeBounds();
      const zoom = Math.min(width / (worldW + TILE_SIZE), height / (worldH + TILE_SIZE));
      camera.setZoom(zoom);
      // On a wide screen the city moves left of centre, clear of the leaderboard card at the right.
      const slackPx = width - worldW * zoom;
      camera.centerOn(worldW / 2 + Math.max(0, Math.min(slackPx / 2, LEADERBOARD_CLEARANCE_PX)) / zoom, worldH / 2);
      // Zoomed out, a scooter would be a few pixels: keep the marks near their on-screen size in the game.
      this.markScale = Phaser.Math.Clamp(0.75 / zoom, 1, 2.5);
    } else {
      this.markScale = 1;
      camera.setBounds(-TILE_SIZE * 2, -TILE_SIZE * 2, worldW + TILE_SIZE * 4, worldH + TILE_SIZE * 4);
      camera.setZoom(Phaser.Math.Clamp(Math.min(width, height) / (FOLLOW_TILES_ACROSS * TILE_SIZE), 0.6, 3));
      camera.startFollow(sprite.body, true, 0.2, 0.2);
    }
    this.cameraFollows = want;
  }
}

function labelStyle(): Phaser.Types.GameObjects.Text.TextStyle {
  return { fontFamily: LABEL_FONT_FAMILY, fontSize: '13px', fontStyle: 'bold', color: '#ffffff', stroke: '#111111', strokeThickness: 4, resolution: 2 };
}
