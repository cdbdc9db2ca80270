import Phaser from 'phaser';
import '../styles.css';
import './replay.css';
import { createPhaserGame } from '../scenes/phaser-game';
import { detectLang, setLang } from '../ui/i18n';
import { applyFontStack } from '../ui/web-font';
import { readReplayAddress } from './replay-address';
import { ReplayPage } from './replay-page';
import { REPLAY_SCENE_KEY, ReplayScene } from './ReplayScene';
import type { ViewSource } from './view-source';

/** The replay page's Phaser game (configured in scenes/phaser-game.ts) and its one scene. */
function startMap(parent: HTMLElement, source: ViewSource): { game: Phaser.Game; scene(): ReplayScene | null } {
  const game = createPhaserGame(parent);
  game.scene.add(REPLAY_SCENE_KEY, ReplayScene, true, { source });
  return {
    game,
    scene: () => {
      const scene = game.scene.getScene(REPLAY_SCENE_KEY);
      return scene === null || scene === undefined || !scene.sys.isActive() ? null : (scene as ReplayScene);
    },
  };
}

applyFontStack(document);
setLang(detectLang(navigator.language));
const top = document.getElementById('replay-top');
const bottom = document.getElementById('replay-bottom');
const stage = document.getElementById('replay-stage');
const map = document.getElementById('replay-map');
if (top === null || bottom === null || stage === null || map === null) throw new Error('replay.html lacks its parts');
void new ReplayPage({ win: window, top, bottom, stage, startMap: (source) => startMap(map, source) }, readReplayAddress(window)).boot();
