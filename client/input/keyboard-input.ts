import { Button } from '../../shared/sim/constants';

/** Keys that drive, by KeyboardEvent.code (layout-independent: WASD works on any keyboard). */
const KEY_BUTTONS: Record<string, number> = {
  ArrowUp: Button.Up,
  KeyW: Button.Up,
  ArrowDown: Button.Down,
  KeyS: Button.Down,
  ArrowLeft: Button.Left,
  KeyA: Button.Left,
  ArrowRight: Button.Right,
  KeyD: Button.Right,
};

/** Held driving keys as Button bits. Ignores typing in form fields; releases all on blur. */
export class KeyboardInput {
  private held = 0;

  constructor(target: Window) {
    target.addEventListener('keydown', (e) => {
      const bit = KEY_BUTTONS[e.code];
      if (bit === undefined || isTyping(e)) return;
      this.held |= bit;
      // Arrow keys would scroll the page.
      e.preventDefault();
    });
    target.addEventListener('keyup', (e) => {
      const bit = KEY_BUTTONS[e.code];
      if (bit !== undefined) this.held &= ~bit;
    });
    target.addEventListener('blur', () => (this.held = 0));
  }

  get buttons(): number {
    return this.held;
  }
}

export function isTyping(e: Event): boolean {
  const t = e.target;
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
}
