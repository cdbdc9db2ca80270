import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../shared/protocol/error-code';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { WIRE_FORMATS, type WireParserKind } from '../../shared/protocol/wire-parser-kind';
import type { NodeStats } from '../node-stats';
import { originAllowed } from '../security/origin';
import { clientAddress } from '../security/client-address';

export interface AdmissionOptions {
  corsOrigins: string[];
  trustedProxies: ReadonlySet<string>;
  /** Open connections one client address may hold (a school NAT puts a class behind one). */
  maxConnectionsPerAddress: number;
  stats: NodeStats;
}

/**
 * Who may open a game connection, decided before socket.io makes a socket: a browser page
 * from a foreign origin (WebSockets are not covered by CORS), an address already holding its
 * share of connections, and (after the handshake) a client speaking another protocol version
 * are refused with a clear reason and never reach a seat.
 */
export class Admission {
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: AdmissionOptions) {}

  /** engine.io's allowRequest: runs for every new transport request (polling and WebSocket). */
  allowRequest = (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    const { stats, corsOrigins, maxConnectionsPerAddress } = this.options;
    if (!originAllowed(request.headers.origin, request.headers.host, corsOrigins)) {
      stats.corsRefused++;
      callback('origin not allowed', false);
      return;
    }
    if ((this.perAddress.get(this.addressOf(request)) ?? 0) >= maxConnectionsPerAddress) {
      stats.connectionsRefused++;
      callback(`too many connections from one address (at most ${maxConnectionsPerAddress})`, false);
      return;
    }
    callback(null, true);
  };

  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.options.trustedProxies);
  }

  /** A connection opened; returns the release to call when it closes. */
  opened(address: string): () => void {
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    };
  }

  /**
   * socket.io middleware check of the CONNECT packet's auth: the protocol version, and the wire
   * format (a client that cannot read our binary frames is refused here, before it takes a
   * seat). The error reaches the client as connect_error, with `data.code`.
   */
  static handshakeError(auth: unknown, wireParser: WireParserKind): (Error & { data: unknown }) | null {
    const claimed = typeof auth === 'object' && auth !== null ? (auth as { v?: unknown; wire?: unknown }) : {};
    if (claimed.v !== PROTOCOL_VERSION) {
      return refusal(
        `Protocol version ${String(claimed.v)} is not supported; this server speaks version ${PROTOCOL_VERSION}. Reload the page.`,
        { code: ErrorCode.VERSION_MISMATCH, serverVersion: PROTOCOL_VERSION },
      );
    }
    const wire = WIRE_FORMATS[wireParser];
    if (claimed.wire !== wire) {
      return refusal(
        wireParser === 'custom'
          ? `This server sends each binary message as one WebSocket frame (wire format "${wire}"), which a stock socket.io client cannot read. ` +
              "Connect with Roundtrip's client (client/net) or its parser (shared/protocol/wire-parser.ts) and auth { v, wire }."
          : `This server speaks socket.io's default parser (wire format "${wire}"); announce it with auth { v, wire }.`,
        { code: ErrorCode.WIRE_FORMAT_MISMATCH, wire },
      );
    }
    return null;
  }
}

function refusal(message: string, data: Record<string, unknown>): Error & { data: unknown } {
  const error = new Error(message) as Error & { data: unknown };
  error.data = data;
  return error;
}
