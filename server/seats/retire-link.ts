import { ControlEvent, type ErrorMessage } from '../../shared/protocol/control-messages';
import { ErrorCode } from '../../shared/protocol/error-code';
import type { PlayerLink } from './player-link';

/**
 * The same player came back on a new connection while the old one still looked alive (a second
 * tab, a phone that switched networks): the old one is told and closed. Its disconnect then
 * finds the seat held by the new link and leaves it alone.
 */
export function retireLink(link: PlayerLink): void {
  link.sendControl(ControlEvent.Error, { code: ErrorCode.SESSION_EXPIRED, message: 'This session continued on another connection.' } satisfies ErrorMessage);
  link.disconnect();
}
