import type { Conditions, WelcomeMessage } from '../../shared/protocol/control-messages';
import type { ErrorCode } from '../../shared/protocol/error-code';

/** What a room's owner answers a join or resume relayed by another node. */
export type RemoteJoinReply =
  | {
      ok: true;
      code: string;
      slot: number;
      resumeToken: string;
      resumed: boolean;
      /** The owner's process (node-identity.ts): the carrying node follows it. */
      ownerIncarnation: string;
      welcome: WelcomeMessage;
      /** The teacher's conditions on this seat, which survive a resume on any node. */
      conditions: Conditions | null;
    }
  | { ok: false; code: ErrorCode; message: string };
