import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './process/node-process';
import { SUPPORTED_NODE_ENGINES, unsupportedNodeWarning } from './node-version';

describe('unsupportedNodeWarning', () => {
  it("keeps to package.json's engines", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(SUPPORTED_NODE_ENGINES);
  });

  it("warns on an end-of-life, too old or odd line below 26, not on the lines engines names", () => {
    for (const version of ['20.20.2', '22.12.0', '23.11.0', '25.1.0', '18.0.0']) expect(unsupportedNodeWarning(version)).toContain(`Node ${version} is not a supported version`);
    for (const version of ['22.13.0', '22.23.1', '24.0.0', '24.22.0', '26.12.1', '27.0.0']) expect(unsupportedNodeWarning(version)).toBeNull();
  });
});
