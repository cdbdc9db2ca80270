import { el, setText } from '../ui/dom';
import { onLangChange, t } from '../ui/i18n';
import { REPLAY_SPEEDS, type RecordedSource, type TimelineMark } from './recorded-source';

/** How far the arrow keys move the playhead. */
const SEEK_STEP_S = 5;

/**
 * The replay's transport (issue 14): play / pause, the speeds, a timeline to drag (marks for
 * deliveries, teacher actions and takeovers above it) and the clock. Seeking goes through
 * RecordedSource.seek (nearest keyframe, then step forward).
 */
export class ReplayControls {
  readonly root: HTMLElement;
  private readonly playButton = el('button', { type: 'button', class: 'chip play', 'data-testid': 'replay-play' });
  private readonly speeds: HTMLButtonElement[];
  private readonly timeline = el('input', { type: 'range', class: 'timeline', 'data-testid': 'replay-timeline', 'aria-label': 'timeline' });
  private readonly marks = el('div', { class: 'marks', 'data-testid': 'replay-marks' });
  private readonly clock = el('span', { class: 'clock', 'data-testid': 'replay-clock' });
  private readonly markNote = el('span', { class: 'mark-note' });
  private dragging = false;
  private shownPosition = Number.NaN;

  constructor(
    private readonly source: RecordedSource,
    private readonly describe: (mark: TimelineMark) => string,
  ) {
    this.speeds = REPLAY_SPEEDS.map((speed) => {
      const b = el('button', { type: 'button', class: 'chip small speed', 'data-speed': String(speed), 'data-testid': 'replay-speed' });
      setText(b, `${speed}×`);
      b.addEventListener('click', () => {
        source.speed = speed;
        this.refresh();
      });
      return b;
    });
    this.timeline.min = String(source.startTick);
    this.timeline.max = String(source.endTick);
    this.timeline.step = '1';
    this.timeline.value = String(source.startTick);
    // Dragging pauses what the playhead does by itself and seeks on every move.
    this.timeline.addEventListener('pointerdown', () => (this.dragging = true));
    this.timeline.addEventListener('input', () => this.source.seek(Number(this.timeline.value)));
    const release = () => (this.dragging = false);
    this.timeline.addEventListener('pointerup', release);
    this.timeline.addEventListener('change', release);
    this.playButton.addEventListener('click', () => {
      if (source.playing) source.pause();
      else source.play();
      this.refresh();
    });
    this.buildMarks();
    // Space plays and pauses, the arrows step 5 s (one tick with Shift), as video players do.
    document.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.code === 'Space') {
        // A focused button answers Space itself (a click).
        if (e.target instanceof HTMLButtonElement) return;
        e.preventDefault();
        if (source.playing) source.pause();
        else source.play();
      } else if (e.code === 'ArrowLeft' || e.code === 'ArrowRight') {
        e.preventDefault();
        const ticks = e.shiftKey ? 1 : SEEK_STEP_S * source.tickRateHz;
        source.seek(Math.round(source.position) + (e.code === 'ArrowLeft' ? -ticks : ticks));
      } else return;
      this.refresh();
    });
    this.root = el(
      'div',
      { class: 'replay-transport' },
      el('div', { class: 'row' }, this.playButton, el('div', { class: 'speeds', role: 'group' }, ...this.speeds), this.clock, this.markNote),
      el('div', { class: 'timeline-wrap' }, this.marks, this.timeline),
    );
    onLangChange(() => {
      this.buildMarks();
      // Paused, the position has not moved: redraw the clock and the mark note anyway.
      this.shownPosition = Number.NaN;
      this.refresh();
    });
    this.refresh();
  }

  /** A few times a second: the playhead and the clock follow the source. */
  refresh(): void {
    const s = this.source;
    setText(this.playButton, t(s.playing ? 'pause' : 'play'));
    this.playButton.dataset.playing = String(s.playing);
    for (const b of this.speeds) b.classList.toggle('on', Number(b.dataset.speed) === s.speed);
    const position = Math.round(s.position);
    if (position === this.shownPosition) return;
    this.shownPosition = position;
    if (!this.dragging) this.timeline.value = String(position);
    setText(this.clock, `${clockText((position - s.startTick) / s.tickRateHz)} / ${clockText((s.endTick - s.startTick) / s.tickRateHz)}`);
    const near = s.marks.find((m) => Math.abs(m.tick - position) <= s.tickRateHz / 2);
    setText(this.markNote, near === undefined ? '' : this.describe(near));
  }

  private buildMarks(): void {
    const s = this.source;
    const span = Math.max(1, s.endTick - s.startTick);
    this.marks.replaceChildren(
      ...s.marks.map((m) => {
        const mark = el('button', { type: 'button', class: `mark ${m.kind}`, 'data-kind': m.kind, 'data-tick': String(m.tick), title: this.describe(m) });
        mark.style.left = `${((m.tick - s.startTick) / span) * 100}%`;
        mark.addEventListener('click', () => {
          s.seek(m.tick);
          this.refresh();
        });
        return mark;
      }),
    );
  }
}

function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
