import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Reads what `node --cpu-prof` writes (a V8 `.cpuprofile`: a call tree plus a sample list,
 * https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile) and says
 * where the busy time went: by layer (a phase of the hot path, found on the sample's stack),
 * by module (self time per package or project file) and by function. The load bench prints
 * this for the node and the bots (`npm run bench:load -- --profile DIR`).
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A phase of the work, recognised by a frame on the stack (the first rule that matches wins). */
export interface LayerRule {
  name: string;
  /** True when this frame marks the layer (anywhere on the sample's stack). */
  frame: (functionName: string, url: string) => boolean;
}

export interface Share {
  name: string;
  ms: number;
  /** Of the busy time (everything but idle). */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  layers: Share[];
  /** Per layer: its self time by module, largest first. */
  layerModules: Record<string, Share[]>;
  modules: Share[];
  functions: Share[];
}

/** Frames of this project's own files are named by their path from the root. */
const PROJECT_URL = `${pathToFileURL(path.resolve(import.meta.dirname, '..')).href}/`;
const IDLE = '(idle)';
const GC = '(garbage collector)';

export function readCpuProfile(file: string): CpuProfile {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const p = parsed as Partial<CpuProfile>;
  if (!Array.isArray(p.nodes) || !Array.isArray(p.samples) || !Array.isArray(p.timeDeltas)) throw new Error(`${file} is not a .cpuprofile`);
  return p as CpuProfile;
}

/** Module of a frame: an npm package, a project file, a node: builtin group, or native. */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) {
    // node:internal/streams/writable -> node:streams; node:net -> node:net
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 1 ? parts[1].replace(/\.js$/, '') : parts[0]}`;
  }
  const project = url.startsWith(PROJECT_URL) ? url.slice(PROJECT_URL.length) : null;
  if (project !== null) return project;
  return url;
}

function add<K>(map: Map<K, number>, key: K, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function shares(map: Map<string, number>, busyMs: number, top = Infinity): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

/**
 * Self time per sample node, then rolled up by layer, module and function. With `windowUs`
 * (the profile's clock is the monotonic one `process.hrtime` reads, in microseconds) only
 * the samples inside that window count: the measured window, not start-up and ramp.
 */
export function summarizeProfile(profile: CpuProfile, rules: LayerRule[], windowUs?: readonly [number, number], topFunctions = 60): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  // Sample i lasted until sample i+1 (timeDeltas[i + 1] us); the last one is not counted.
  const selfUs = new Map<number, number>();
  const n = profile.samples.length;
  let atUs = profile.startTime;
  for (let i = 0; i < n; i++) {
    atUs += profile.timeDeltas[i];
    if (windowUs !== undefined && (atUs < windowUs[0] || atUs > windowUs[1])) continue;
    const us = i + 1 < n ? profile.timeDeltas[i + 1] : 0;
    add(selfUs, profile.samples[i], Math.max(0, us));
  }
  const layerCache = new Map<number, string>();
  const layerOf = (id: number): string => {
    const cached = layerCache.get(id);
    if (cached !== undefined) return cached;
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node !== undefined) frames.push(node.callFrame);
    }
    let layer = 'other';
    for (const rule of rules) {
      if (frames.some((f) => rule.frame(f.functionName, f.url))) {
        layer = rule.name;
        break;
      }
    }
    layerCache.set(id, layer);
    return layer;
  };

  let idleMs = 0;
  let gcMs = 0;
  const layers = new Map<string, number>();
  const layerModuleMaps = new Map<string, Map<string, number>>();
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [key, us] of selfUs) {
    const node = byId.get(key);
    if (node === undefined) continue;
    const ms = us / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === IDLE) {
      idleMs += ms;
      continue;
    }
    if (functionName === GC) gcMs += ms;
    const layer = functionName === GC ? 'GC' : layerOf(node.id);
    add(layers, layer, ms);
    const mod = moduleOf(url, functionName);
    let lm = layerModuleMaps.get(layer);
    if (lm === undefined) layerModuleMaps.set(layer, (lm = new Map()));
    add(lm, mod, ms);
    add(modules, mod, ms);
    add(functions, `${functionName || '(anonymous)'} ${mod}${url !== '' ? `:${lineNumber + 1}` : ''}`, ms);
  }
  const from = windowUs !== undefined ? Math.max(windowUs[0], profile.startTime) : profile.startTime;
  const to = windowUs !== undefined ? Math.min(windowUs[1], profile.endTime) : profile.endTime;
  const wallMs = Math.max(0, to - from) / 1000;
  const busyMs = [...layers.values()].reduce((a, b) => a + b, 0);
  const layerModules: Record<string, Share[]> = {};
  for (const [layer, map] of layerModuleMaps) layerModules[layer] = shares(map, busyMs);
  return { wallMs, busyMs, idleMs, gcMs, layers: shares(layers, busyMs), layerModules, modules: shares(modules, busyMs), functions: shares(functions, busyMs, topFunctions) };
}

/** Several profiles (the passes of one variant) as one: times added, shares recomputed. */
export function mergeSummaries(summaries: ProfileSummary[]): ProfileSummary {
  const sum = (pick: (s: ProfileSummary) => number) => summaries.reduce((a, s) => a + pick(s), 0);
  const busyMs = sum((s) => s.busyMs);
  const mergeShares = (lists: Share[][], top = Infinity): Share[] => {
    const map = new Map<string, number>();
    for (const list of lists) for (const item of list) add(map, item.name, item.ms);
    return shares(map, busyMs, top);
  };
  const layerNames = new Set(summaries.flatMap((s) => Object.keys(s.layerModules)));
  const layerModules: Record<string, Share[]> = {};
  for (const name of layerNames) layerModules[name] = mergeShares(summaries.map((s) => s.layerModules[name] ?? []));
  return {
    wallMs: sum((s) => s.wallMs),
    busyMs,
    idleMs: sum((s) => s.idleMs),
    gcMs: sum((s) => s.gcMs),
    layers: mergeShares(summaries.map((s) => s.layers)),
    layerModules,
    modules: mergeShares(summaries.map((s) => s.modules)),
    functions: mergeShares(summaries.map((s) => s.functions), 60),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;

/** The summary as text: layers (each with its top modules), then modules and functions. */
export function formatProfileSummary(title: string, s: ProfileSummary): string {
  // Shares, not absolute CPU: samples in system calls and the profiler's own cost skew the
  // sampled busy time against process.cpuUsage (the bench's CPU figures come from that).
  const lines = [`${title}: ${(s.wallMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(2)} s of it busy, GC ${pct(s.busyMs > 0 ? s.gcMs / s.busyMs : 0).trim()} of busy`];
  lines.push('  by layer (share of busy time; the modules its own time is spent in):');
  for (const layer of s.layers) {
    const mods = (s.layerModules[layer.name] ?? []).slice(0, 5).map((m) => `${m.name} ${(m.share * 100).toFixed(1)}`).join(', ');
    lines.push(`    ${pct(layer.share)}  ${layer.name.padEnd(16)} ${mods}`);
  }
  lines.push('  by module (self time):');
  for (const m of s.modules.slice(0, 12)) lines.push(`    ${pct(m.share)}  ${m.name}`);
  lines.push('  top functions (self time):');
  for (const f of s.functions.slice(0, 15)) lines.push(`    ${pct(f.share)}  ${f.name}`);
  return lines.join('\n');
}
