/**
 * The node options the compiled production node runs with: `npm start` (package.json) and
 * every bench or harness start of server/dist/main.js use these, so what is measured is what
 * ships (a test keeps package.json in step).
 *
 * --max-semi-space-size=2 (MB): V8's young generation otherwise grows to 16 MB per semi-space
 * on a 64-bit machine. The node's steady state allocates little (the tick loop allocates
 * nothing; network buffers are short-lived), so a small nursery costs no measurable CPU and
 * saves ~20 MB of RSS at 200 players (issue #11: 127-129 MB -> 105-109 MB in bench:load, CPU
 * per client-second unchanged within noise; 1 MB saved no more and cost CPU).
 * --enable-source-maps: stack traces in logs point at the TypeScript sources.
 */
export const COMPILED_NODE_ARGS: readonly string[] = ['--enable-source-maps', '--max-semi-space-size=2'];
