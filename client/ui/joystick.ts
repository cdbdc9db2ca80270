import { el } from './dom';

/**
 * An on-screen stick for touch screens. It only reports the stick vector (length 0..1);
 * client/input/stick-buttons.ts turns that into the buttons the keyboard would send.
 */
export class Joystick {
  dx = 0;
  dy = 0;
  /** Hidden until the player is in a room: on the start screen it would only cover the form. */
  private readonly base = el('div', { class: 'joystick', 'data-testid': 'joystick', hidden: '' });
  private readonly knob = el('div', { class: 'knob' });
  private pointerId: number | null = null;

  constructor(parent: HTMLElement) {
    this.base.append(this.knob);
    parent.append(this.base);
    this.base.addEventListener('pointerdown', (e) => {
      this.pointerId = e.pointerId;
      this.base.setPointerCapture(e.pointerId);
      this.move(e);
      e.preventDefault();
    });
    this.base.addEventListener('pointermove', (e) => {
      if (e.pointerId === this.pointerId) this.move(e);
    });
    const release = (e: PointerEvent) => {
      if (e.pointerId !== this.pointerId) return;
      this.pointerId = null;
      this.dx = 0;
      this.dy = 0;
      this.knob.style.transform = '';
    };
    this.base.addEventListener('pointerup', release);
    this.base.addEventListener('pointercancel', release);
  }

  setVisible(visible: boolean): void {
    this.base.hidden = !visible;
    if (!visible) {
      this.pointerId = null;
      this.dx = 0;
      this.dy = 0;
      this.knob.style.transform = '';
    }
  }

  /** Touch devices get the stick; a desktop with a mouse does not need it. */
  static wanted(win: Window): boolean {
    return win.matchMedia('(pointer: coarse)').matches || win.navigator.maxTouchPoints > 0;
  }

  private move(e: PointerEvent): void {
    const r = this.base.getBoundingClientRect();
    const radius = r.width / 2;
    let x = (e.clientX - (r.left + radius)) / radius;
    let y = (e.clientY - (r.top + radius)) / radius;
    const len = Math.hypot(x, y);
    if (len > 1) {
      x /= len;
      y /= len;
    }
    this.dx = x;
    this.dy = y;
    this.knob.style.transform = `translate(${x * radius * 0.6}px, ${y * radius * 0.6}px)`;
  }
}
