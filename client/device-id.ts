/**
 * A random id for this browser, kept in localStorage and sent with every join by code
 * (JoinRequest.device): a room remembers the devices its teacher removed and keeps them out
 * until the teacher lets them back in. Shared by the browser's tabs (one student, one device);
 * clearing the site's storage makes a new one, which is why this is a classroom norm, not a
 * lock (docs/teachers.md).
 */
const KEY = 'roundtrip.device';
/** 16 random bytes as base64url: 22 characters, within the server's 16..64. */
const ID_BYTES = 16;
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

export function deviceId(storage: Storage | null, random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => void crypto.getRandomValues(b)): string {
  try {
    const kept = storage?.getItem(KEY);
    if (kept !== null && kept !== undefined && VALID.test(kept)) return kept;
  } catch {
    // Storage blocked (a private window's policy): a new id each page load.
  }
  const bytes = new Uint8Array(ID_BYTES);
  random(bytes);
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  try {
    storage?.setItem(KEY, id);
  } catch {
    // As above: the id lives for this page only.
  }
  return id;
}
