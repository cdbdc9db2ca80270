import Phaser from 'phaser';
import { App } from './app';
import { BootScene } from './scenes/BootScene';
import { GameScene } from './scenes/GameScene';
import { SceneKey, type SceneFeed } from './scenes/scene-feed';
import './styles.css';
import { applyFontStack } from './ui/web-font';

/** The one place the Phaser game is configured (style.md, Phaser template). */
function createGame(parent: HTMLElement, feed: SceneFeed): Phaser.Game {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: '#1b1f27',
    // RESIZE: the canvas fills the window 1:1, so a phone in either orientation and a
    // projector both get sharp pixels; the camera zoom adapts to the size instead.
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    antialias: true,
    // Scenes are added below so the first one starts with the feed as its data.
    scene: [],
    banner: false,
    audio: { noAudio: true },
  });
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
