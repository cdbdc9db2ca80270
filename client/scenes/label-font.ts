import type Phaser from 'phaser';
import { FONT_STACK, glyphsLoaded, glyphsReady } from '../ui/web-font';

/** The canvas labels' font: the page's stack (client/ui/web-font.ts), bold. */
export const LABEL_FONT_FAMILY = FONT_STACK;
const LABEL_WEIGHT = 700;

/** Waits for the slices these texts need; BootScene calls it before any label is drawn. */
export async function preloadLabelGlyphs(fonts: FontFaceSet, texts: readonly string[]): Promise<void> {
  await glyphsReady(fonts, texts.join(''), LABEL_WEIGHT);
}

/**
 * After a label's text changed: when its characters' slices were not loaded yet (a student's
 * Korean name just arrived), Phaser has drawn it in a fallback, so redraw it once they are.
 * Nothing to do, and no redraw, for text already drawable.
 */
export function redrawWhenGlyphsReady(label: Phaser.GameObjects.Text, fonts: FontFaceSet = document.fonts): void {
  const wanted = label.text;
  if (glyphsLoaded(fonts, wanted, LABEL_WEIGHT)) return;
  void glyphsReady(fonts, wanted, LABEL_WEIGHT).then((ok) => {
    if (ok && label.active && label.text === wanted) label.updateText();
  });
}
