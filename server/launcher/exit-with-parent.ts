export {};

/**
 * Preloaded into every game node `npm run cluster` starts (`node --import tsx --import <this>`):
 * when the launcher dies without cleaning up (SIGKILL, a crash), the node is re-parented and
 * notices here within a second, then stops itself gracefully via its own SIGTERM handler.
 * Linux's PR_SET_PDEATHSIG would do this in the kernel, but Node does not expose it.
 */
const launcherPid = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== launcherPid) {
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
    // If the node has no SIGTERM handler yet (still starting), that signal already ended it.
  }
}, 1000);
timer.unref();
