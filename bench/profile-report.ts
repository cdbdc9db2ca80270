import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatProfileSummary, mergeSummaries, readCpuProfile, summarizeProfile, type ProfileSummary } from './cpu-profile';
import type { PassResult, Variant } from './load-variants';
import { passProfileDir } from './profile-dirs';
import { BOT_LAYERS, SERVER_LAYERS } from './profile-layers';

export interface VariantProfile {
  who: 'server' | 'bots';
  variant: Variant;
  players: number;
  summary: ProfileSummary;
}


/**
 * The server's and the bots' profiles of each variant, each cut to its pass's measured
 * window, the passes merged. A process may write several profiles (tsx's loader thread has
 * one of its own): the busiest is the main thread's.
 */
export function profileSummaries(profileDir: string, passResults: PassResult[]): VariantProfile[] {
  const groups = new Map<string, PassResult[]>();
  for (const r of passResults) groups.set(`${r.variant}@${r.players}`, [...(groups.get(`${r.variant}@${r.players}`) ?? []), r]);
  const summaries: VariantProfile[] = [];
  for (const list of groups.values()) {
    for (const who of ['server', 'bots'] as const) {
      const perPass: ProfileSummary[] = [];
      for (const r of list) {
        const dir = passProfileDir(profileDir, r.variant, r.players, r.pass, who);
        const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
        const threads = files.map((file) => summarizeProfile(readCpuProfile(path.join(dir, file)), who === 'server' ? SERVER_LAYERS : BOT_LAYERS, r.windowUs));
        const main = threads.sort((a, b) => b.busyMs - a.busyMs)[0];
        if (main !== undefined) perPass.push(main);
      }
      if (perPass.length > 0) summaries.push({ who, variant: list[0].variant, players: list[0].players, summary: mergeSummaries(perPass) });
    }
  }
  return summaries;
}

/** Writes DIR/summary.txt and DIR/summary.json; returns the text. */
export function writeProfileReport(profileDir: string, passResults: PassResult[]): string {
  const summaries = profileSummaries(profileDir, passResults);
  const text = summaries.map((s) => formatProfileSummary(`${s.who} of ${s.variant} at ${s.players} players (measured windows of every pass)`, s.summary)).join('\n\n');
  writeFileSync(path.join(profileDir, 'summary.txt'), `${text}\n`);
  writeFileSync(path.join(profileDir, 'summary.json'), JSON.stringify(summaries, null, 2));
  return `CPU profiles (.cpuprofile, open in Chrome DevTools) and summary.txt in ${profileDir}\n\n${text}`;
}
