import type Phaser from 'phaser';
import { Tile, TILE_SIZE } from '../../shared/sim/constants';
import { tileAt, type City } from '../../shared/sim/city';

export const CITY_TEXTURE = 'city';

/** Projector-friendly palette: strong contrast between what you ride on and what you hit. */
const Color = {
  road: 0x3d4450,
  roadEdge: 0x2f353f,
  lane: 0xe9ecef,
  building: 0x9aa5b1,
  buildingRoof: 0xb8c2cc,
  park: 0x74c365,
  tree: 0x3f9a3a,
  houseWall: 0xf6e7c1,
  houseRoof: 0xd1603d,
  shop: 0xd62828,
  shopAwning: 0xffffff,
} as const;

/**
 * Paints the whole map once into a texture: a static Graphics would be rebuilt by WebGL every
 * frame (Phaser 4 graphics skill: bake static shapes with generateTexture).
 */
export function paintCity(scene: Phaser.Scene, city: City): void {
  const T = TILE_SIZE;
  const g = scene.make.graphics({}, false);
  g.fillStyle(Color.road, 1);
  g.fillRect(0, 0, city.widthTiles * T, city.heightTiles * T);
  for (let ty = 0; ty < city.heightTiles; ty++) {
    for (let tx = 0; tx < city.widthTiles; tx++) {
      const x = tx * T;
      const y = ty * T;
      const tile = tileAt(city, tx, ty);
      if (tile === Tile.Road) paintRoad(g, city, tx, ty, x, y);
      else if (tile === Tile.Park) paintPark(g, tx, ty, x, y);
      else if (tile === Tile.Building) paintBuilding(g, x, y);
      else if (tile === Tile.House) paintHouse(g, x, y);
      else if (tile === Tile.Shop) paintShop(g, x, y);
    }
  }
  if (scene.textures.exists(CITY_TEXTURE)) scene.textures.remove(CITY_TEXTURE);
  g.generateTexture(CITY_TEXTURE, city.widthTiles * T, city.heightTiles * T);
  g.destroy();
}

function paintRoad(g: Phaser.GameObjects.Graphics, city: City, tx: number, ty: number, x: number, y: number): void {
  const T = TILE_SIZE;
  const road = (dx: number, dy: number) => {
    const t = tileAt(city, tx + dx, ty + dy);
    return t === Tile.Road || t === Tile.Park;
  };
  const ew = road(-1, 0) || road(1, 0);
  const ns = road(0, -1) || road(0, 1);
  // Dashed centre line on straight stretches only (crossings stay clean).
  g.fillStyle(Color.lane, 0.55);
  if (ew && !ns) g.fillRect(x + 4, y + T / 2 - 1, T / 2 - 4, 2);
  if (ns && !ew) g.fillRect(x + T / 2 - 1, y + 4, 2, T / 2 - 4);
}

function paintPark(g: Phaser.GameObjects.Graphics, tx: number, ty: number, x: number, y: number): void {
  const T = TILE_SIZE;
  g.fillStyle(Color.park, 1);
  g.fillRect(x, y, T, T);
  // A deterministic scatter of trees, so every client draws the same park.
  if ((tx * 7 + ty * 13) % 3 === 0) {
    g.fillStyle(Color.tree, 1);
    g.fillCircle(x + 10 + ((tx * 5) % 12), y + 10 + ((ty * 3) % 12), 6);
  }
}

function paintBuilding(g: Phaser.GameObjects.Graphics, x: number, y: number): void {
  const T = TILE_SIZE;
  g.fillStyle(Color.building, 1);
  g.fillRect(x, y, T, T);
  g.fillStyle(Color.buildingRoof, 1);
  g.fillRect(x + 4, y + 4, T - 8, T - 8);
}

function paintHouse(g: Phaser.GameObjects.Graphics, x: number, y: number): void {
  const T = TILE_SIZE;
  g.fillStyle(Color.building, 1);
  g.fillRect(x, y, T, T);
  g.fillStyle(Color.houseWall, 1);
  g.fillRect(x + 5, y + 13, T - 10, T - 16);
  g.fillStyle(Color.houseRoof, 1);
  g.fillTriangle(x + 2, y + 14, x + T / 2, y + 3, x + T - 2, y + 14);
  g.fillStyle(0x6b4226, 1);
  g.fillRect(x + T / 2 - 3, y + T - 10, 6, 7);
}

function paintShop(g: Phaser.GameObjects.Graphics, x: number, y: number): void {
  const T = TILE_SIZE;
  g.fillStyle(Color.shop, 1);
  g.fillRect(x, y, T, T);
  g.fillStyle(Color.shopAwning, 1);
  for (let i = 0; i < 4; i++) g.fillRect(x + i * 8, y + 2, 4, 8);
  g.fillStyle(0xffd166, 1);
  g.fillCircle(x + T / 2, y + T / 2 + 5, 7);
  g.fillStyle(0xc1121f, 1);
  g.fillCircle(x + T / 2 - 2, y + T / 2 + 4, 1.8);
  g.fillCircle(x + T / 2 + 3, y + T / 2 + 6, 1.8);
}
