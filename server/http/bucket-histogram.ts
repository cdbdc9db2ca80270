/**
 * A Prometheus histogram kept in plain numbers: one observe is a short loop over the bounds
 * and three additions, nothing allocated, no labels hashed. For the once-per-tick figures on
 * the hot path (issue #11: prom-client's observe cost ~25 µs a call there, hashing the node's
 * default label each time); rendered as the text format at scrape time.
 */
export class BucketHistogram {
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending (+Inf is implied). */
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }

  /** The Prometheus text exposition of this histogram, with `labels` on every sample. */
  render(labels: Readonly<Record<string, string>>): string {
    const extra = Object.entries(labels)
      .map(([k, v]) => `,${k}="${v.replace(/["\\\n]/g, '_')}"`)
      .join('');
    const plain = extra === '' ? '' : `{${extra.slice(1)}}`;
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i];
      lines.push(`${this.name}_bucket{le="${this.bounds[i]}"${extra}} ${cumulative}`);
    }
    lines.push(`${this.name}_bucket{le="+Inf"${extra}} ${this.count}`);
    lines.push(`${this.name}_sum${plain} ${this.sum}`);
    lines.push(`${this.name}_count${plain} ${this.count}`);
    return `${lines.join('\n')}\n`;
  }
}
