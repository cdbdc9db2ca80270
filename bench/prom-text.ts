/**
 * Just enough of the Prometheus text format (https://prometheus.io/docs/instrumenting/exposition_formats/)
 * for the load bench and tests: samples by name and labels. Not a general parser.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePromText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line.slice(0, 80)}`);
    const labels: Record<string, string> = {};
    for (const label of (match[3] ?? '').matchAll(LABEL)) labels[label[1]] = label[2];
    const raw = match[4];
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') throw new Error(`bad sample value in: ${line.slice(0, 80)}`);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The first sample named `name` whose labels include `labels`; NaN when absent. */
export function promValue(samples: PromSample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found === undefined ? Number.NaN : found.value;
}

/** Cumulative histogram buckets (le -> count) of `name`. */
export function promBuckets(samples: PromSample[], name: string): { le: number; count: number }[] {
  return samples
    .filter((s) => s.name === `${name}_bucket`)
    .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }))
    .sort((a, b) => a.le - b.le);
}

/**
 * Quantile q (0..1) of the observations between two scrapes of a histogram, interpolated
 * linearly inside the bucket (as PromQL's histogram_quantile does).
 */
export function histogramQuantileBetween(before: PromSample[], after: PromSample[], name: string, q: number): number {
  const a = promBuckets(after, name);
  const b = new Map(promBuckets(before, name).map((x) => [x.le, x.count]));
  const diff = a.map((x) => ({ le: x.le, count: x.count - (b.get(x.le) ?? 0) }));
  const total = diff.at(-1)?.count ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let lowerLe = 0;
  let lowerCount = 0;
  for (const bucket of diff) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return lowerLe;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.le : lowerLe + ((bucket.le - lowerLe) * (rank - lowerCount)) / inBucket;
    }
    lowerLe = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerLe;
}
