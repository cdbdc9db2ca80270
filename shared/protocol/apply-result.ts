/**
 * What applying a snapshot message returns (ApplyResult), as shared frozen objects so the
 * decoder allocates nothing, success or failure; and which error a failed bit read means.
 */
import type { BitReader } from './bit-reader';
import { ErrorCode } from './error-code';

export type ApplyResult =
  | { readonly ok: true; readonly keyframe: boolean }
  | { readonly ok: false; readonly code: ErrorCode };

export const OK_KEYFRAME: ApplyResult = Object.freeze({ ok: true, keyframe: true });
export const OK_DELTA: ApplyResult = Object.freeze({ ok: true, keyframe: false });
const FAILURES = new Map<ErrorCode, ApplyResult>(
  Object.values(ErrorCode).map((code) => [code, Object.freeze({ ok: false, code })]),
);

/** The shared failure result of `code`. */
export function failure(code: ErrorCode): ApplyResult {
  const result = FAILURES.get(code);
  if (result === undefined) throw new Error(`no result for ${code}`);
  return result;
}

/** A read that failed ran off the end (truncated) or read a value no encoder writes. */
export function readFailure(reader: BitReader): ErrorCode {
  return reader.overrun ? ErrorCode.PROTO_TRUNCATED : ErrorCode.PROTO_OUT_OF_RANGE;
}
