/** A minimal typed event emitter (the net layer runs in browsers and in Node bots alike). */
export class Listeners<Events extends Record<string, unknown[]>> {
  private readonly handlers: { [K in keyof Events]?: ((...args: Events[K]) => void)[] } = {};

  on<K extends keyof Events>(event: K, handler: (...args: Events[K]) => void): () => void {
    (this.handlers[event] ??= []).push(handler);
    return () => this.off(event, handler);
  }

  once<K extends keyof Events>(event: K, handler: (...args: Events[K]) => void): () => void {
    const off = this.on(event, (...args: Events[K]) => {
      off();
      handler(...args);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, handler: (...args: Events[K]) => void): void {
    const list = this.handlers[event];
    if (list === undefined) return;
    const at = list.indexOf(handler);
    if (at >= 0) list.splice(at, 1);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const list = this.handlers[event];
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i](...args);
  }
}
