/** A JWT split and decoded for display. Reading needs no key; trusting it does (the server's job). */
export type DecodedJwt =
  | { ok: true; header: Record<string, unknown>; payload: Record<string, unknown>; signature: string; expEpochS: number | null }
  | { ok: false };

/** base64url (RFC 4648 §5) -> UTF-8 text; null when it is not valid base64url. */
function base64UrlToText(part: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return null;
  const padded = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Decodes header and payload of a compact JWS (RFC 7515 §7.1) for the security lesson. It does
 * NOT verify the signature: the browser has no key, which is the point of the lesson.
 */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false };
  const header = parseObject(base64UrlToText(parts[0]));
  const payload = parseObject(base64UrlToText(parts[1]));
  if (header === null || payload === null) return { ok: false };
  const exp = payload.exp;
  return { ok: true, header, payload, signature: parts[2], expEpochS: typeof exp === 'number' && Number.isFinite(exp) ? exp : null };
}
