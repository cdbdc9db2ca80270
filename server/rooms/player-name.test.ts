import { describe, expect, it } from 'vitest';
import { GameConnection, JoinRefusedError } from '../../client/net/game-connection';
import { ErrorCode } from '../../shared/protocol/error-code';
import { createRoom, startTestNode } from '../test-support/start-test-node';
import { cleanupAfterEach } from '../test-support/test-cleanups';
import { checkNameInRoom, checkPlayerName, sanitizePlayerName } from './player-name';

const onCleanup = cleanupAfterEach();

/** Names that draw nothing (issue 13 §8). */
const INVISIBLE = [
  '\u3164', // HANGUL FILLER (a letter to Unicode, blank on screen)
  '\u3164\u3164\u3164',
  '\u2800', // BRAILLE PATTERN BLANK
  '\uFFA0', // HALFWIDTH HANGUL FILLER
  '\u115F\u1160',
  '\u200B\u200C\u200D', // zero-width space, non-joiner, joiner
  '\u2060\uFEFF', // word joiner, BOM
  '\u034F', // combining grapheme joiner
  '\uFE0F\uFE0E', // variation selectors
  '\u0301\u0308', // combining marks with nothing to sit on
  '\u00A0\u3000 \u2800', // no-break and ideographic spaces with a braille blank
  '\u{E0041}\u{E0042}', // tag characters
];

describe('player names', () => {
  it('refuses names that show nothing, with a clear reason', () => {
    for (const name of INVISIBLE) {
      const checked = checkPlayerName(name);
      expect(checked, JSON.stringify(name)).toMatchObject({ ok: false });
      expect(sanitizePlayerName(name), JSON.stringify(name)).toBeNull();
    }
    expect(checkPlayerName('\u3164')).toMatchObject({ ok: false, code: 'NAME_INVISIBLE' });
    expect(checkPlayerName('   ')).toMatchObject({ ok: false, code: 'NAME_EMPTY' });
    expect(checkPlayerName(42)).toMatchObject({ ok: false, code: 'NAME_INVALID' });
  });

  it('keeps real names in any script, with marks and emoji', () => {
    for (const name of ['Ada', '김민지', 'José', 'e\u0301', '😀', '<b>Bo</b>', 'ㅤAna', '⠁⠃']) {
      expect(checkPlayerName(name), name).toMatchObject({ ok: true });
    }
    expect(sanitizePlayerName('  Ada \u200B Lovelace  ')).toBe('Ada Lovelace');
  });

  it('refuses an exact duplicate of a seated player, not a free seat\'s old name or one\'s own', () => {
    const names = ['Ada', 'Bo', 'Cy'];
    const seated = Uint8Array.from([1, 0, 1]);
    expect(checkNameInRoom('Ada', names, seated)).toMatchObject({ ok: false, code: 'NAME_TAKEN' });
    expect(checkNameInRoom('Bo', names, seated)).toEqual({ ok: true });
    expect(checkNameInRoom('Ada', names, seated, 0)).toEqual({ ok: true });
    expect(checkNameInRoom('ada', names, seated)).toEqual({ ok: true });
  });

  it('a real client joining with an invisible name is refused before it takes a seat', async () => {
    const node = await startTestNode();
    onCleanup(() => node.stop());
    const code = await createRoom(node);
    for (const name of ['\u3164', '\u2800']) {
      const connection = new GameConnection({ url: node.url, reconnect: false });
      onCleanup(() => connection.close());
      const refused = await connection.join(code, name).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(JoinRefusedError);
      expect((refused as JoinRefusedError).code).toBe(ErrorCode.BAD_REQUEST);
    }
    expect(node.rooms.get(code)!.playerCount).toBe(0);
  });
});
