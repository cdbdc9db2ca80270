import Phaser from 'phaser';

/**
 * The one place a Phaser game is configured (style.md, Phaser template), for the game page and
 * the replay page alike; each adds its own scenes.
 */
export function createPhaserGame(parent: HTMLElement): Phaser.Game {
  return new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: '#1b1f27',
    // RESIZE: the canvas fills the window 1:1, so a phone in either orientation and a
    // projector both get sharp pixels; the camera zoom adapts to the size instead.
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    antialias: true,
    // Scenes are added by the page, so the first one starts with the page's data.
    scene: [],
    banner: false,
    audio: { noAudio: true },
  });
}
