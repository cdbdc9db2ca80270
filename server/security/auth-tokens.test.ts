import { describe, expect, it } from 'vitest';
import { AuthTokens, bearerToken } from './auth-tokens';

describe('AuthTokens', () => {
  const tokens = new AuthTokens('a-test-secret-of-at-least-32-characters!');

  it('signs and verifies player and teacher tokens with their claims', async () => {
    const player = await tokens.verify(await tokens.signPlayer('BCDFG', 3, 'Ada'));
    expect(player).toMatchObject({ ok: true, claims: { role: 'player', room: 'BCDFG', slot: 3, name: 'Ada' } });
    const teacher = await tokens.verify(await tokens.signTeacher('BCDFG'));
    expect(teacher).toMatchObject({ ok: true, claims: { role: 'teacher', room: 'BCDFG' } });
  });

  it('refuses a token signed with another secret, a tampered one and an expired one', async () => {
    const other = new AuthTokens('another-secret-of-at-least-32-characters');
    expect(await tokens.verify(await other.signTeacher('BCDFG'))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    const token = await tokens.signPlayer('BCDFG', 1, 'Bo');
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.role = 'teacher';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect(await tokens.verify(tampered)).toEqual({ ok: false, code: 'TOKEN_INVALID' });
    const shortLived = new AuthTokens('a-test-secret-of-at-least-32-characters!', -10);
    expect(await tokens.verify(await shortLived.signPlayer('BCDFG', 1, 'Bo'))).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it('reads Bearer headers strictly', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
