import { parentPort } from 'node:worker_threads';
import { BotPlayer } from '../../bots/bot-player';

/** The bot worker: one BotPlayer per server-side bot, grouped by room. */
type Command =
  | { type: 'add'; url: string; code: string; count: number; firstNumber: number }
  /** Bots of a room that moved to this node: each resumes the seat it had (bot-host.ts). */
  | { type: 'resume'; url: string; code: string; seats: { token: string; name: string }[]; firstNumber: number }
  | { type: 'remove'; code: string; count: number }
  /** The room moved away: stop its bots without leaving (their seats go on elsewhere). */
  | { type: 'forget'; code: string };

const botsByRoom = new Map<string, BotPlayer[]>();

parentPort?.on('message', (command: Command) => {
  if (command.type === 'add') {
    const list = botsByRoom.get(command.code) ?? [];
    botsByRoom.set(command.code, list);
    for (let i = 0; i < command.count; i++) {
      const bot = new BotPlayer({ url: command.url, name: `Bot ${command.firstNumber + i}`, quirk: command.firstNumber + i });
      list.push(bot);
      bot.join(command.code).then((welcome) => parentPort?.postMessage({ type: 'joined', code: command.code, playerId: welcome.playerId }), () => {
        const at = list.indexOf(bot);
        if (at >= 0) list.splice(at, 1);
        bot.stop();
      });
    }
  } else if (command.type === 'resume') {
    const list = botsByRoom.get(command.code) ?? [];
    botsByRoom.set(command.code, list);
    for (const [i, seat] of command.seats.entries()) {
      const bot = new BotPlayer({ url: command.url, name: seat.name, quirk: command.firstNumber + i });
      list.push(bot);
      continueSeqOnResume(bot);
      bot.connection.resume(seat.token).then(
        (welcome) => parentPort?.postMessage({ type: 'joined', code: command.code, playerId: welcome.playerId }),
        () => {
          const at = list.indexOf(bot);
          if (at >= 0) list.splice(at, 1);
          bot.stop();
        },
      );
    }
  } else if (command.type === 'forget') {
    for (const bot of botsByRoom.get(command.code) ?? []) bot.stop();
    botsByRoom.delete(command.code);
  } else {
    const list = botsByRoom.get(command.code) ?? [];
    for (const bot of list.splice(Math.max(0, list.length - command.count))) {
      parentPort?.postMessage({ type: 'left', code: command.code, playerId: bot.playerId });
      void bot.connection.leave();
    }
  }
});

/**
 * A bot resuming a seat another process played: the room expects input seqs above the last one
 * it applied, and this connection counts from 1. After each welcome, the first snapshot that
 * shows the seat says where to go on from (as the browser's GameSession does), before the bot's
 * first input (BotPlayer sends none until its own scooter is in the snapshot).
 */
function continueSeqOnResume(bot: BotPlayer): void {
  let synced = false;
  bot.connection.on('welcome', () => (synced = false));
  bot.connection.on('snapshot', () => {
    const self = bot.connection.playerId;
    const state = bot.connection.decoder?.state;
    if (synced || state === undefined || self < 0 || !state.active[self]) return;
    bot.connection.continueSeqAfter(state.ackSeq[self]);
    synced = true;
  });
}
