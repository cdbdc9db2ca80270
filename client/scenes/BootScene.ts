import Phaser from 'phaser';
import { SceneKey, type SceneFeed } from './scene-feed';
import { makeHaloTexture, makePizzaTexture, makeScooterTexture } from './textures';

/** Builds the runtime textures, then hands over to the game. */
export class BootScene extends Phaser.Scene {
  private feed: SceneFeed | null = null;

  constructor() {
    super(SceneKey.Boot);
  }

  init(data: { feed: SceneFeed }): void {
    this.feed = data.feed;
  }

  create(): void {
    makeScooterTexture(this);
    makeHaloTexture(this);
    makePizzaTexture(this);
    this.scene.start(SceneKey.Game, { feed: this.feed });
  }
}
