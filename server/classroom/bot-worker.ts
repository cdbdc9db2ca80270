import { parentPort } from 'node:worker_threads';
import { BotPlayer } from '../../bots/bot-player';

/** The bot worker: one BotPlayer per server-side bot, grouped by room. */
type Command = { type: 'add'; url: string; code: string; count: number; firstNumber: number } | { type: 'remove'; code: string; count: number };

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
  } else {
    const list = botsByRoom.get(command.code) ?? [];
    for (const bot of list.splice(Math.max(0, list.length - command.count))) {
      parentPort?.postMessage({ type: 'left', code: command.code, playerId: bot.playerId });
      void bot.connection.leave();
    }
  }
});
