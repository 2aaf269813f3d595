/** `inlay start`: run the companion in the foreground until Ctrl-C. */
import { join } from 'node:path';
import { startCompanion } from '../app.js';
import { createLogger } from '../log.js';
import { REPO_ROOT } from '../meta.js';
import { COMMON_OPTIONS, parse, resolveDataDir, resolvePort, type Command } from './options.js';
import { describeExpiry } from './pair.js';

const usage = `Usage: inlay start [--port N] [--data-dir DIR]

Starts the companion on 127.0.0.1 and prints a pairing code.

Options:
  --port N          port to listen on (default 27412; env INLAY_PORT)
  --data-dir DIR    where the database lives (env INLAY_DATA_DIR;
                    default: your per-user data folder)
  --allow-origin O  also accept this exact Origin (development only; repeatable)
  -h, --help        show this help

Logs are JSON lines on stderr (INLAY_LOG_LEVEL=debug for more).
Stop with Ctrl-C.`;

export const startCommand: Command = {
  name: 'start',
  summary: 'start the companion (and print a pairing code)',
  usage,
  async run(argv, io) {
    const { values } = parse(
      argv,
      { ...COMMON_OPTIONS, port: { type: 'string' }, 'allow-origin': { type: 'string', multiple: true } },
      usage,
    );
    if (values.help) {
      io.out(usage + '\n');
      return 0;
    }
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const port = resolvePort(values.port, io.env, true);
    const companion = await startCompanion({
      port,
      dataDir,
      logger: createLogger(),
      extraOrigins: values['allow-origin'] ?? [],
    });
    const { code, expiresAt } = await companion.createPairingCode();

    io.out(
      [
        '',
        `Inlay companion is running on 127.0.0.1:${companion.port}.`,
        `Your data lives in ${dataDir}`,
        '',
        'Load the extension (once):',
        `  Chrome:  open chrome://extensions → turn on Developer mode → Load unpacked → ${join(REPO_ROOT, '.output', 'chrome-mv3')}`,
        `  Firefox: open about:debugging → This Firefox → Load Temporary Add-on → ${join(REPO_ROOT, '.output', 'firefox-mv2', 'manifest.json')}`,
        '',
        `Pairing code: ${code}  (${describeExpiry(expiresAt)})`,
        "Enter it in Inlay's options page with your name. Run `npx inlay pair` for a new code.",
        companion.port === 27412
          ? ''
          : `This companion uses port ${companion.port}: set the same port in Inlay's options.`,
        'Stop with Ctrl-C.',
        '',
      ]
        .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
        .join('\n'),
    );

    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        io.out(`\nStopping (${signal})…\n`);
        companion.close().then(resolve, resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
