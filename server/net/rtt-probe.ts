import { encodePing } from '../../shared/protocol/ping-codec';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { SeatRegistry } from '../seats/seat-registry';

/**
 * Pings every player whose socket is on this node with the server's clock, once a second (not
 * per tick); the client echoes it as a Pong (input-intake.ts sets the seat's RTT). RTTs of
 * players in rooms other nodes own go to the owner, which shows them to the teacher.
 */
export class RttProbe {
  constructor(
    private readonly seats: SeatRegistry,
    private readonly cluster: ClusterCoordinator,
    private readonly nowMs: () => number,
  ) {}

  probe(): void {
    const ping = Buffer.from(encodePing(this.nowMs()));
    for (const seat of this.seats.carried()) {
      seat.link!.sendBinary(ping);
      if (seat.owner !== this.seats.nodeId && Number.isFinite(seat.rttMs)) {
        this.cluster.notify(seat.owner, { kind: 'rtt', code: seat.code, slot: seat.slot, rttMs: Math.round(seat.rttMs) });
      }
    }
  }
}
