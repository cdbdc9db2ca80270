import { describe, expect, it } from 'vitest';
import { parsePromText, promValue } from '../../bench/prom-text';
import { BucketHistogram } from './bucket-histogram';

describe('BucketHistogram', () => {
  it('renders cumulative buckets, +Inf, sum and count in the Prometheus text format', () => {
    const h = new BucketHistogram('t_seconds', 'A test.', [0.001, 0.01]);
    for (const v of [0.0005, 0.002, 0.003, 0.5]) h.observe(v);
    const samples = parsePromText(h.render({ node: 'n1' }));
    expect(promValue(samples, 't_seconds_bucket', { le: '0.001' })).toBe(1);
    expect(promValue(samples, 't_seconds_bucket', { le: '0.01' })).toBe(3);
    expect(promValue(samples, 't_seconds_bucket', { le: '+Inf' })).toBe(4);
    expect(promValue(samples, 't_seconds_count')).toBe(4);
    expect(promValue(samples, 't_seconds_sum')).toBeCloseTo(0.5055, 6);
  });
});
