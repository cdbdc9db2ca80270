/**
 * The Node lines Roundtrip supports, as `engines` in package.json says (a test keeps the two in
 * step): 22.13+, 24 and 26 on. npm warns at install on another; the node says it again at start, where
 * a teacher who ignored the install's output looks.
 */
export const SUPPORTED_NODE_ENGINES = '^22.13.0 || ^24.0.0 || >=26.0.0';

/** A warning for a Node outside SUPPORTED_NODE_ENGINES ("20.20.2", as process.versions.node), or null. */
export function unsupportedNodeWarning(version: string): string | null {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const supported = (major === 22 && minor >= 13) || major === 24 || major >= 26;
  if (supported) return null;
  return `Node ${version} is not a supported version (Roundtrip supports Node 22.13 or later, 24, and 26 or later; README, "Supported Node versions"): it may run, but is not tested there.`;
}
