import type { RoundInfo } from '../../server/cluster/replay-store';
import type { Recording } from '../../shared/replay/recording';
import { readRecording } from '../../shared/replay/recording-reader';

export type { RoundInfo };

export type Loaded<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

async function errorOf(response: Response): Promise<Loaded<never>> {
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return { ok: false, status: response.status, message };
}

/**
 * The replay API from the browser (server/http/replay-routes.ts), with the room's token. The
 * recording is fetched with the browser's cache allowed: it is immutable, so a second look at
 * the same round is served from the cache (or revalidated to a 304).
 */
export const replayApi = {
  async rounds(code: string, token: string): Promise<Loaded<RoundInfo[]>> {
    try {
      const response = await fetch(`/api/rooms/${encodeURIComponent(code)}/rounds`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-cache' });
      if (!response.ok) return errorOf(response);
      return { ok: true, value: ((await response.json()) as { rounds: RoundInfo[] }).rounds };
    } catch (error) {
      return { ok: false, status: 0, message: error instanceof Error ? error.message : String(error) };
    }
  },

  async recording(code: string, round: number, token: string): Promise<Loaded<Recording>> {
    try {
      const response = await fetch(`/api/rooms/${encodeURIComponent(code)}/rounds/${round}/replay`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) return errorOf(response);
      const read = readRecording(new Uint8Array(await response.arrayBuffer()));
      if (!read.ok) return { ok: false, status: 200, message: read.message };
      return { ok: true, value: read.value };
    } catch (error) {
      return { ok: false, status: 0, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
