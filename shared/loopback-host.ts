/**
 * Hosts only this machine reaches: localhost (and *.localhost, RFC 6761), 127/8, ::1. A join
 * link or QR code must never point at one (design, "Classroom"): on a student's phone it
 * means the phone itself. Pure, for the server's banner and the teacher console alike.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}
