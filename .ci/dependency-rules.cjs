/**
 * Which way dependencies may point (checked by dependency-cruiser in `npm test`, issue #11).
 * Type-only imports count: a cycle through types is still two folders that cannot be read
 * apart. Server folders form layers, lowest first; a folder may import its own layer and any
 * below it, never above:
 *
 *   shared  <  server root files (config, logger, node-stats)  <  security  <  rooms  <  seats
 *           <  cluster  <  replay  <  tick  <  net  <  classroom  <  http  <  game-node, main, launcher
 *
 * The balancer is its own process beside the nodes: it may read the cluster's registry and
 * the security helpers, and nothing of a node's game path.
 */
const layers = ['security', 'rooms', 'seats', 'cluster', 'replay', 'tick', 'net', 'classroom', 'http'];

const layerRules = layers.map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `server/${layer} may not import the layers above it (${layers.slice(index + 1).join(', ')}) or the composition root`,
  severity: 'error',
  from: { path: `^server/${layer}/`, pathNot: '\\.test\\.ts$' },
  to: {
    path: [
      ...layers.slice(index + 1).map((above) => `^server/${above}/`),
      '^server/(game-node|main|cluster-cli)\\.ts$',
      '^server/(launcher|balancer)/',
    ],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module may reach itself through its imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-shared',
      comment: 'shared/ is used by both sides and imports neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client|bots|bench|e2e|reliability)/' },
    },
    {
      name: 'server-root-files-are-leaves',
      comment: 'config, logger and node-stats sit under every server folder.',
      severity: 'error',
      from: { path: '^server/(config|logger|node-stats)\\.ts$' },
      to: { path: '^server/[^/]+/' },
    },
    ...layerRules,
    {
      name: 'balancer-apart',
      comment: 'The balancer process reads the registry and security helpers only.',
      severity: 'error',
      from: { path: '^server/balancer/' },
      to: { path: '^server/(rooms|seats|replay|tick|net|classroom|http)/' },
    },
    {
      name: 'no-test-support-in-production',
      comment: 'The app, the bots and the benches never import test helpers (issue #11): the process harness is server/process.',
      severity: 'error',
      from: { path: '^(server|shared|client|bots|bench)/', pathNot: ['\\.test\\.ts$', '^server/test-support/'] },
      to: { path: '^server/test-support/' },
    },
    {
      name: 'process-harness-is-a-leaf',
      comment: 'server/process starts processes and knows nothing of the game.',
      severity: 'error',
      from: { path: '^server/process/' },
      to: { path: '^(server/(?!process/)|shared/|client/|bots/|bench/)' },
    },
    {
      name: 'server-not-client',
      comment: 'The server never imports the browser app.',
      severity: 'error',
      from: { path: '^server/', pathNot: ['\\.test\\.ts$', '^server/test-support/'] },
      to: { path: '^client/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
