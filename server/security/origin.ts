/** Same origin: the Origin header names the host the request was sent to. */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Is a request with this Origin allowed? No Origin (not a browser page), the same origin, or one
 * on the allow-list. Used by the HTTP API (CORS) and the game's WebSocket handshake, which CORS
 * does not cover.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  return origin === undefined || isSameOrigin(origin, host) || allowList.includes(origin);
}
