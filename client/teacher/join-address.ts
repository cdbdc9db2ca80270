import type { JoinInfo } from '../../server/http/join-info-route';
import { isLoopbackHost } from '../../shared/loopback-host';

export type { JoinInfo };

/** Why the join link points where it does; the console words a note from it. */
export const JoinAddressReason = {
  /** PUBLIC_URL is set: the operator said where students go. */
  PublicUrl: 'public-url',
  /** The console was opened at an address others can reach too. */
  OpenedAt: 'opened-at',
  /** The console was opened at localhost: this machine's network address instead. */
  Lan: 'lan',
  /** Opened at localhost and no network address found: students cannot reach it as it is. */
  LoopbackOnly: 'loopback-only',
} as const;
export type JoinAddressReason = (typeof JoinAddressReason)[keyof typeof JoinAddressReason];

export interface JoinAddress {
  /** What `/?room=CODE` is appended to, without a trailing slash. */
  base: string;
  reason: JoinAddressReason;
  /** The address the console was opened at (for the note). */
  openedAt: string;
  /** This machine's other network addresses, in the same form as `base` (for the note). */
  alternatives: string[];
}

/** The parts of window.location the choice depends on. */
export interface OpenedAt {
  protocol: string;
  hostname: string;
  port: string;
}

/**
 * Where students join (issue 12, design "Classroom": never loopback): PUBLIC_URL when set, else
 * the address the console was opened at unless only this machine can reach it (localhost,
 * 127.x, ::1), in which case this machine's network address, on the same scheme and port (so
 * behind the balancer it is the balancer's port). `info` is null when /api/join-info did not
 * answer: then only the opened address is known.
 */
export function chooseJoinAddress(opened: OpenedAt, info: JoinInfo | null): JoinAddress {
  const port = opened.port === '' ? '' : `:${opened.port}`;
  const host = opened.hostname.includes(':') && !opened.hostname.startsWith('[') ? `[${opened.hostname}]` : opened.hostname;
  const openedAt = `${opened.protocol}//${host}${port}`;
  const lan = (info?.lanAddresses ?? []).map((address) => `${opened.protocol}//${address}${port}`);
  if (info?.publicUrl) return { base: info.publicUrl.replace(/\/+$/, ''), reason: JoinAddressReason.PublicUrl, openedAt, alternatives: [] };
  if (!isLoopbackHost(opened.hostname)) return { base: openedAt, reason: JoinAddressReason.OpenedAt, openedAt, alternatives: [] };
  if (lan.length > 0) return { base: lan[0], reason: JoinAddressReason.Lan, openedAt, alternatives: lan.slice(1) };
  return { base: openedAt, reason: JoinAddressReason.LoopbackOnly, openedAt, alternatives: [] };
}

/** The link a student opens (or scans) to join `code`. */
export function joinUrl(address: JoinAddress, code: string): string {
  return `${address.base}/?room=${encodeURIComponent(code)}`;
}
