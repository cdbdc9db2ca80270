import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Files the node keeps in a shared folder (the temp folder): a development signing secret and
 * the saved rooms, which hold resume tokens. Anyone on the machine can create files there, so
 * a file is believed only when this user owns it and nobody else could have written it, and
 * what the node writes is private (0600) and appears whole (written aside, then renamed) —
 * issue 13 §5.
 */

export type OwnFileRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'not-a-file' | 'foreign-owner' | 'writable-by-others' | 'readable-by-others' | 'unreadable'; detail: string };

export interface OwnFileRules {
  /** Refuse a file group or others may read (a secret). @default false */
  privateOnly?: boolean;
  /** The owner a file must have. @default this process's user */
  uid?: number;
}

const currentUid = (): number => (typeof process.getuid === 'function' ? process.getuid() : -1);

/**
 * Reads a file only if it is a regular file (a symlink is refused: O_NOFOLLOW), owned by `uid`,
 * not writable by group or others, and with `privateOnly`, not readable by them either. The
 * checks are made on the opened descriptor, so the file cannot be swapped between check and read.
 */
export function readOwnFileSync(file: string, rules: OwnFileRules = {}): OwnFileRead {
  const uid = rules.uid ?? currentUid();
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing', detail: 'no such file' };
    if (code === 'ELOOP') return { ok: false, reason: 'not-a-file', detail: 'it is a symbolic link' };
    return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-a-file', detail: 'not a regular file' };
    if (uid >= 0 && stat.uid !== uid) return { ok: false, reason: 'foreign-owner', detail: `owned by uid ${stat.uid}, not ${uid}` };
    const mode = stat.mode & 0o777;
    if ((mode & 0o022) !== 0) return { ok: false, reason: 'writable-by-others', detail: `mode ${mode.toString(8)}` };
    if (rules.privateOnly === true && (mode & 0o044) !== 0) return { ok: false, reason: 'readable-by-others', detail: `mode ${mode.toString(8)}` };
    return { ok: true, text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** A fresh name beside `file`, created exclusively (never an existing file or a planted link). */
const asideName = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Writes `text` to `file` as 0600, whole or not at all (write aside, then rename over). */
export function writePrivateFileSync(file: string, text: string): void {
  const temporary = asideName(file);
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export async function writePrivateFile(file: string, text: string): Promise<void> {
  const temporary = asideName(file);
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
