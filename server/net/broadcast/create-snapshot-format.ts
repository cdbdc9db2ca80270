import type { SnapshotCodec } from '../../../shared/protocol/control-messages';
import type { WireParserKind } from '../../../shared/protocol/wire-parser-kind';
import { BinaryFrameFormat } from './binary-frame-format';
import { DefaultParserFormat } from './default-parser-format';
import { JsonStateFormat } from './json-state-format';
import type { SnapshotFormat } from './snapshot-format';

/** Decided once at start from SNAPSHOT_CODEC and WIRE_PARSER (style.md: decide at start). */
export function createSnapshotFormat(codec: SnapshotCodec, parser: WireParserKind, tickRateHz: number): SnapshotFormat {
  if (codec === 'json') return new JsonStateFormat(tickRateHz);
  return parser === 'custom' ? new BinaryFrameFormat() : new DefaultParserFormat();
}
