import path from 'node:path';

/** Where `--profile DIR` puts the profiles of one process of one pass (variant by name). */
export function passProfileDir(profileDir: string, variant: string, players: number, pass: number, who: 'server' | 'bots'): string {
  return path.join(profileDir, `${variant}-${players}-pass${pass}`, who);
}
