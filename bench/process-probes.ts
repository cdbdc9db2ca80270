import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parsePromText, promValue, type PromSample } from './prom-text';

/*
 * What the cluster bench reads from the processes it runs: a node's /metrics, any process's
 * CPU time from /proc, and redis-server's INFO.
 */

const exec = promisify(execFile);

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLK_TCK = (() => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();
/** A file's text, or '' when it cannot be read (the process has gone). */
function readFileSyncText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function scrape(url: string): Promise<PromSample[]> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(20_000) });
  return parsePromText(await response.text());
}

/** utime + stime of a process, seconds (/proc/<pid>/stat fields 14 and 15). */
export function procCpuS(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const stat = readFileSyncText(`/proc/${pid}/stat`);
  if (stat === '') return Number.NaN;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** INFO stats + commandstats of our redis-server, as name -> number. */
export async function redisInfo(port: number): Promise<Map<string, number>> {
  const { stdout } = await exec('redis-cli', ['-p', String(port), 'info', 'everything'], { timeout: 5000 });
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.startsWith('#')) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (key.startsWith('cmdstat_')) {
      const calls = /calls=(\d+)/.exec(value);
      if (calls !== null) out.set(`${key}.calls`, Number(calls[1]));
    } else if (/^-?[\d.]+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

export function sumMetric(scrapes: PromSample[][], name: string): number {
  return scrapes.reduce((sum, s) => sum + (Number.isFinite(promValue(s, name)) ? promValue(s, name) : 0), 0);
}
