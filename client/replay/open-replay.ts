import { replayHref } from './replay-address';

/**
 * Opens a round's replay from the results screen (issue 14), in a new tab so the game keeps
 * its seat: the player's resume token is exchanged for a player token (POST /api/session, as
 * the lessons do), which the replay API takes for the player's own room. The tab is opened
 * before the request, inside the click, so a popup blocker lets it through.
 */
export async function openReplayForPlayer(win: Window, room: string, resumeToken: string, round: number): Promise<void> {
  const tab = win.open('about:blank', '_blank');
  try {
    const response = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resumeToken }) });
    if (!response.ok) throw new Error(`POST /api/session ${response.status}`);
    const { playerToken } = (await response.json()) as { playerToken: string };
    const href = replayHref(room, playerToken, { round });
    if (tab === null) win.location.assign(href);
    else {
      tab.opener = null;
      tab.location.href = href;
    }
  } catch (error) {
    tab?.close();
    throw error;
  }
}
