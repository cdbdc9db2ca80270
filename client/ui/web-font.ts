// The @font-face rules: Noto Sans KR (variable weight) cut by the package into ~120
// unicode-range slices (Latin, then Hangul by frequency). A browser fetches only the slices
// holding characters it actually draws, so the first screen costs a few of them, and any name
// a student types in Korean still renders (issue 12: Korean must never be boxes).
import '@fontsource-variable/noto-sans-kr';

/** The family the package declares. */
export const WEB_FONT_FAMILY = 'Noto Sans KR Variable';

/**
 * One font stack for the page (styles.css reads it as --font-ui) and the Phaser labels.
 *
 * The web font comes first, for Latin too: one look on every phone and projector, and it
 * sidesteps a Chromium behaviour seen here: with a system face first, Hangul shaped while its
 * slice was still loading stayed boxes after the slice arrived (until the text changed). The
 * price is the Latin slice (~26 KB). System faces follow for anything the font lacks.
 */
export const FONT_STACK = `"${WEB_FONT_FAMILY}", system-ui, "Apple SD Gothic Neo", "Malgun Gothic", sans-serif`;

/** Puts the stack on the page as `--font-ui` (styles.css falls back to system-ui without it). */
export function applyFontStack(doc: Document): void {
  doc.documentElement.style.setProperty('--font-ui', FONT_STACK);
}

const cssFont = (weight: number) => `${weight} 16px "${WEB_FONT_FAMILY}"`;

/** True when `text` can be drawn in the web font right now, without waiting for a slice. */
export function glyphsLoaded(fonts: FontFaceSet, text: string, weight = 700): boolean {
  return text === '' || fonts.check(cssFont(weight), text);
}

/**
 * Resolves once the web-font slices covering `text` are loaded (at once when they are). A
 * canvas does not wait for fonts: text drawn before its slice arrives is drawn in a fallback,
 * which for Hangul on a machine without CJK fonts means boxes, and stays so until redrawn.
 * Resolves false when loading failed (offline): draw anyway.
 */
export async function glyphsReady(fonts: FontFaceSet, text: string, weight = 700): Promise<boolean> {
  if (glyphsLoaded(fonts, text, weight)) return true;
  try {
    await fonts.load(cssFont(weight), text);
    return true;
  } catch {
    return false;
  }
}
