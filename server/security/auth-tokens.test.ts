import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthTokens, bearerToken } from './auth-tokens';

const SECRET = 'a-test-secret-of-at-least-32-characters!';

describe('AuthTokens', () => {
  const tokens = new AuthTokens(SECRET);

  it('signs and verifies player and teacher tokens with their claims', async () => {
    const player = await tokens.verify(await tokens.signPlayer('BCDFG', 3, 'Ada', 'sid-ada'));
    expect(player).toMatchObject({ ok: true, claims: { role: 'player', room: 'BCDFG', slot: 3, name: 'Ada', sid: 'sid-ada' } });
    const teacher = await tokens.verify(await tokens.signTeacher('BCDFG'));
    expect(teacher).toMatchObject({ ok: true, claims: { role: 'teacher', room: 'BCDFG' } });
  });

  it('refuses a token signed with another secret, a tampered one and an expired one', async () => {
    const other = new AuthTokens('another-secret-of-at-least-32-characters');
    expect(await tokens.verify(await other.signTeacher('BCDFG'))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    const token = await tokens.signPlayer('BCDFG', 1, 'Bo', 'sid-bo');
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.role = 'teacher';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect(await tokens.verify(tampered)).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    const shortLived = new AuthTokens('a-test-secret-of-at-least-32-characters!', -10);
    expect(await tokens.verify(await shortLived.signPlayer('BCDFG', 1, 'Bo', 'sid-bo'))).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  // Issue 13 §8: jose checks exp only when the token has one.
  it('refuses a correctly signed token without exp (or iat), and a player token without a session', async () => {
    const key = new TextEncoder().encode(SECRET);
    const sign = (claims: Record<string, unknown>, withExp: boolean, withIat = true) => {
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('roundtrip');
      if (withIat) jwt = jwt.setIssuedAt();
      if (withExp) jwt = jwt.setExpirationTime('1h');
      return jwt.sign(key);
    };
    expect(await tokens.verify(await sign({ role: 'teacher', room: 'BCDFG' }, false))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    expect(await tokens.verify(await sign({ role: 'teacher', room: 'BCDFG' }, true, false))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    expect(await tokens.verify(await sign({ role: 'player', room: 'BCDFG', slot: 1 }, true))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    expect((await tokens.verify(await sign({ role: 'teacher', room: 'BCDFG' }, true))).ok).toBe(true);
  });

  it('refuses a player token whose session was revoked, and says so when revocations cannot be read', async () => {
    const checked = new AuthTokens(SECRET);
    const revoked = new Set<string>();
    let reachable = true;
    checked.checkRevocationsWith(async (sid) => {
      if (!reachable) throw new Error('redis away');
      return revoked.has(sid);
    });
    const token = await checked.signPlayer('BCDFG', 2, 'Cy', 'sid-cy');
    expect((await checked.verify(token)).ok).toBe(true);
    revoked.add('sid-cy');
    expect(await checked.verify(token)).toEqual({ ok: false, code: 'TOKEN_REVOKED' });
    expect((await checked.verify(await checked.signPlayer('BCDFG', 2, 'Di', 'sid-di'))).ok).toBe(true);
    reachable = false;
    expect(await checked.verify(token)).toEqual({ ok: false, code: 'TOKEN_UNCHECKED' });
    // Teacher tokens are not revoked per session.
    expect((await checked.verify(await checked.signTeacher('BCDFG'))).ok).toBe(true);
  });

  it('reads Bearer headers strictly', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
