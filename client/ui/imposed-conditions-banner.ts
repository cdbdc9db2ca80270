import type { Conditions } from '../../shared/protocol/control-messages';
import { el, setText } from './dom';
import { onLangChange, t } from './i18n';

/** How the banner words conditions: latency each way, jitter, and loss, in the player's language. */
export function describeConditions(c: Conditions): string {
  const parts: string[] = [];
  if (c.latencyMs > 0) parts.push(t('imposedLatency', { ms: c.latencyMs }));
  if (c.jitterMs > 0) parts.push(t('imposedJitter', { ms: c.jitterMs }));
  if (c.lossPct > 0) parts.push(t('imposedLoss', { pct: c.lossPct }));
  return parts.join(t('imposedAnd'));
}

/**
 * What the teacher did to this student's network, said plainly while it lasts (issue #12:
 * students could not see it, and their inspector said 0 ms): "Your teacher added 400 ms of lag each way
 * and 20 % loss". Calm, not an alarm: it is part of the lesson, not a fault.
 */
export class ImposedConditionsBanner {
  private readonly root = el('div', { class: 'imposed', role: 'status', hidden: '', 'data-testid': 'imposed-banner' });
  private conditions: Conditions | null = null;

  constructor(parent: HTMLElement) {
    parent.append(this.root);
    onLangChange(() => this.render());
  }

  get shown(): boolean {
    return this.conditions !== null;
  }

  show(conditions: Conditions | null): void {
    this.conditions = conditions;
    this.render();
  }

  private render(): void {
    const c = this.conditions;
    this.root.hidden = c === null;
    if (c !== null) setText(this.root, t('imposedBanner', { what: describeConditions(c) }));
  }
}
