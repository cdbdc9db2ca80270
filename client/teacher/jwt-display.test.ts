import { describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt-display';

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('decodeJwt', () => {
  it('decodes header and payload (UTF-8 names too) and reads exp, without verifying', () => {
    const token = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"role":"player","name":"민지","exp":1900000000}')}.c2ln`;
    const decoded = decodeJwt(token);
    expect(decoded).toEqual({ ok: true, header: { alg: 'HS256', typ: 'JWT' }, payload: { role: 'player', name: '민지', exp: 1900000000 }, signature: 'c2ln', expEpochS: 1900000000 });
  });

  it('has no exp when the payload carries none', () => {
    const decoded = decodeJwt(`${b64url('{"alg":"none"}')}.${b64url('{"room":"ABC"}')}.`);
    expect(decoded.ok && decoded.expEpochS).toBeNull();
  });

  it.each([
    ['not a token'],
    ['a.b'],
    ['a.b.c.d'],
    [`${b64url('[1,2]')}.${b64url('{}')}.x`],
    [`${b64url('{}')}.${b64url('not json')}.x`],
    [`${b64url('{}')}.+/=.x`],
  ])('refuses %s', (token) => {
    expect(decodeJwt(token)).toEqual({ ok: false });
  });
});
