import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Member {
  name: string;
  child: ChildProcess;
}

/**
 * The processes `npm run cluster` started, stopped together: gracefully (SIGTERM, then SIGKILL
 * after a grace period) on Ctrl-C, and synchronously with SIGKILL from an 'exit' handler if
 * the launcher is leaving any other way.
 */
export class ChildGroup {
  private readonly members: Member[] = [];

  constructor(private readonly onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void) {}

  /** Adds a child; its output lines are shown prefixed with `[name]`. */
  add(name: string, child: ChildProcess): void {
    this.members.push({ name, child });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
    }
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(name, code, signal);
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
