/** Errors are JSON with a stable code (the same codes the socket protocol uses). */
export function apiError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
