import { el, setText } from '../ui/dom';
import { onLangChange, t, type MessageKey } from '../ui/i18n';

/** Elements whose whole text is one message; re-translated when the language changes. */
const bound: [HTMLElement, MessageKey][] = [];
onLangChange(() => {
  for (const [node, key] of bound) setText(node, t(key));
});

/** An element showing t(key), kept in the current language. For fixed labels only. */
export function tr<K extends keyof HTMLElementTagNameMap>(tag: K, key: MessageKey, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = el(tag, attrs, t(key));
  bound.push([node, key]);
  return node;
}
