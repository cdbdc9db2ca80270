/**
 * What this node sends to the owners of rooms it does not own, over the node messenger:
 * joins and resumes of players whose socket is here (answered by the owner's RemoteSeating)
 * and teacher requests, each with an id and a timeout; and one-way inputs and notices.
 */
import type { ClusterServices } from './cluster-services';
import type { NodeIdentity } from './node-identity';
import type { ClusterNotice, NodeMessenger } from './node-messenger';
import type { RemoteJoinReply } from './remote-join-reply';

/**
 * A live owner seats a relayed player in milliseconds; past this it is probably dead, and the
 * client's TRY_AGAIN retry (every 500 ms) finds the room again once its lease lapses.
 */
const REMOTE_SEATING_TIMEOUT_MS = 1000;

export class OwnerRelay {
  constructor(
    private readonly identity: NodeIdentity,
    private readonly services: ClusterServices,
  ) {}

  remoteJoin(owner: string, code: string, name: string, device?: string): Promise<RemoteJoinReply> {
    const request = { kind: 'join', code, name, device, viaNode: this.identity.nodeId, viaIncarnation: this.identity.incarnation } as const;
    return this.messenger().request<RemoteJoinReply>(owner, request, REMOTE_SEATING_TIMEOUT_MS);
  }

  remoteResume(owner: string, token: string): Promise<RemoteJoinReply> {
    const request = { kind: 'resume', token, viaNode: this.identity.nodeId, viaIncarnation: this.identity.incarnation } as const;
    return this.messenger().request<RemoteJoinReply>(owner, request, REMOTE_SEATING_TIMEOUT_MS);
  }

  relayInput(owner: string, code: string, slot: number, seq: number, tick: number, control: number): void {
    this.services.messenger?.relayInput(owner, code, slot, seq, tick, control);
  }

  notify(owner: string, notice: ClusterNotice): void {
    this.services.messenger?.notify(owner, notice);
  }

  teacherRequest<T>(owner: string, code: string, action: unknown): Promise<T> {
    return this.messenger().request<T>(owner, { kind: 'teacher', code, action });
  }

  private messenger(): NodeMessenger {
    const messenger = this.services.messenger;
    if (messenger === null) throw new Error('cluster messaging needs Redis');
    return messenger;
  }
}
