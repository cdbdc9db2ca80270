import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Member {
  name: string;
  child: ChildProcess;
}

/** Lines a quiet child's output keeps, shown only if it dies unexpectedly. */
const QUIET_TAIL_LINES = 40;

/**
 * The processes `npm run cluster` started, stopped together: gracefully (SIGTERM, then SIGKILL
 * after a grace period) on Ctrl-C, and synchronously with SIGKILL from an 'exit' handler if
 * the launcher is leaving any other way.
 */
export class ChildGroup {
  private readonly members: Member[] = [];

  /**
   * `formatLine` may rewrite a child's output line (the launcher turns the nodes' JSON logs
   * into readable lines on a terminal); by default lines pass as they are.
   */
  constructor(
    private readonly onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void,
    private readonly formatLine: (line: string) => string = (line) => line,
  ) {}

  /**
   * Adds a child; its output lines are shown prefixed with `[name]`. A `quiet` child (our own
   * redis-server, whose start-up banner and tuning advice are noise here) is shown only if it
   * exits unexpectedly: then its last lines, which say why. With `onExit`, the child's exit is
   * the caller's to judge (a node the failover lesson drained or killed) instead of unexpected.
   */
  add(name: string, child: ChildProcess, options: { quiet?: boolean; onExit?: (code: number | null, signal: NodeJS.Signals | null) => void } = {}): void {
    this.members.push({ name, child });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => {
        if (options.quiet !== true) process.stdout.write(`[${name}] ${this.formatLine(line)}\n`);
        else if (tail.push(line) > QUIET_TAIL_LINES) tail.shift();
      });
    }
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (options.onExit !== undefined) {
        options.onExit(code, signal);
        return;
      }
      for (const line of tail) process.stdout.write(`[${name}] ${line}\n`);
      this.onUnexpectedExit(name, code, signal);
    });
  }

  private stopping = false;

  pids(): number[] {
    return this.members.map((m) => m.child.pid ?? 0).filter((pid) => pid > 0);
  }

  /** SIGTERM to all (last started first), SIGKILL to whoever is still there after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const running = this.members.filter((m) => isRunning(m.child)).reverse();
    await Promise.all(
      running.map(
        (m) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              if (isRunning(m.child)) m.child.kill('SIGKILL');
            }, graceMs);
            m.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            m.child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** For process.on('exit'): no waiting possible there, so SIGKILL whatever still runs. */
  killAllNow(): void {
    this.stopping = true;
    for (const m of this.members) if (isRunning(m.child)) m.child.kill('SIGKILL');
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
