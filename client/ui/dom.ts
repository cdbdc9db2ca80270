/**
 * Tiny element builder. Text goes in through textContent only: player names and server
 * messages are text, never HTML (design.md, Security).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** Sets text only when it changed: the HUD refreshes often and most values stand still. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
