import type { MessageKey } from '../../ui/i18n';
import type { ApiResult, BalancerStatusView, NodesView, RoomView, StatsView } from '../teacher-api';

/** What the live panels read, refreshed about once a second by the lesson panel. */
export interface LiveContext {
  code: string;
  teacherToken: string;
  view: RoomView | null;
  stats: StatsView | null;
  /** null until first asked, and always on a single node (never asked there); a failed result when the balancer did not answer. */
  balancer: ApiResult<BalancerStatusView> | null;
  /**
   * The node processes (drain / kill / start), only where the balancer offers them
   * (BalancerStatusView.nodeControl); null everywhere else, and never asked there.
   */
  nodes: ApiResult<NodesView> | null;
  nowEpochMs: number;
}

/** One lesson card: a title, a short explanation, and a panel of live numbers. */
export interface Lesson {
  readonly id: string;
  readonly titleKey: MessageKey;
  readonly bodyKey: MessageKey;
  /** Whether the panel reads /balancer/status (polled only while such a card is open). */
  readonly needsBalancer: boolean;
  readonly live: HTMLElement;
  update(ctx: LiveContext): void;
}
