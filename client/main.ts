import Phaser from 'phaser';
import { App } from './app';
import { BootScene } from './scenes/BootScene';
import { GameScene } from './scenes/GameScene';
import { createPhaserGame } from './scenes/phaser-game';
import { SceneKey, type SceneFeed } from './scenes/scene-feed';
import './styles.css';
import { applyFontStack } from './ui/web-font';

/** The game page's Phaser game: its scenes, started with the feed. */
function createGame(parent: HTMLElement, feed: SceneFeed): Phaser.Game {
  const game = createPhaserGame(parent);
  game.scene.add(SceneKey.Boot, BootScene, false);
  game.scene.add(SceneKey.Game, GameScene, false);
  game.scene.start(SceneKey.Boot, { feed });
  return game;
}

function restartGame(game: Phaser.Game, feed: SceneFeed): void {
  game.scene.stop(SceneKey.Game);
  game.scene.start(SceneKey.Game, { feed });
}

applyFontStack(document);
const gameParent = document.getElementById('game');
const ui = document.getElementById('ui');
if (gameParent === null || ui === null) throw new Error('index.html lacks #game or #ui');
const app = new App({ win: window, ui, startGame: (feed) => createGame(gameParent, feed), restartGame });
void app.boot();
