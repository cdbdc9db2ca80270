export {};

/**
 * `node orphan-reaper.ts <pid>...`: a tiny watchdog the launcher starts for children that
 * cannot watch their parent themselves (redis-server). When the launcher goes away (this
 * process is re-parented), it SIGTERMs the pids and exits. When they are gone, it exits too.
 */
const launcherPid = process.ppid;
const pids = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

setInterval(() => {
  const orphaned = process.ppid !== launcherPid;
  const living = pids.filter(alive);
  if (orphaned) for (const pid of living) process.kill(pid, 'SIGTERM');
  if (orphaned || living.length === 0) process.exit(0);
}, 500);
