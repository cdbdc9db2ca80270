import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, isLoopback, parseTrustedProxies } from './client-address';

function fakeRequest(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('client address', () => {
  it('uses the socket peer and ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress(fakeRequest('::ffff:127.0.0.7', '1.2.3.4'), new Set())).toBe('127.0.0.7');
    expect(clientAddress(fakeRequest('127.0.0.7', '1.2.3.4'), parseTrustedProxies('127.0.0.9'))).toBe('127.0.0.7');
  });

  it('walks X-Forwarded-For from the right past trusted proxies only', () => {
    const trusted = parseTrustedProxies('127.0.0.9, 10.0.0.2');
    // The client wrote "6.6.6.6" itself; 5.5.5.5 is what our first trusted hop saw.
    expect(clientAddress(fakeRequest('127.0.0.9', '6.6.6.6, 5.5.5.5, 10.0.0.2'), trusted)).toBe('5.5.5.5');
    expect(clientAddress(fakeRequest('127.0.0.9'), trusted)).toBe('127.0.0.9');
  });

  it('knows loopback', () => {
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('192.168.1.4')).toBe(false);
  });
});
