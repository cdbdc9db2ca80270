/**
 * One health probe: GET <node>/healthz answered 2xx within `timeoutMs`. A node that is up but
 * wedged (event loop stuck) fails by timeout just like one that refuses connections.
 */
export async function probeHealth(nodeUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(new URL('/healthz', nodeUrl), {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'cache-control': 'no-cache' },
    });
    // Drain the body so the keep-alive connection can be reused.
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export type HealthProbe = (nodeUrl: string, timeoutMs: number) => Promise<boolean>;
