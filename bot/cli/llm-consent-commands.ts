import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { getLlmConsent, setLlmConsent, type LlmConsent } from '../../handlers/directory/llm-consent.js';
import { disclosureLines, llmDisclosure } from '../../handlers/directory/llm-disclosure.js';
import { type CliIo, OperatorError } from './cli-io.js';

function parseOnOff(value: string): boolean {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('use on or off');
  return value === 'on';
}

/**
 * `tenant llm on|off|show [--embeddings on|off] <tenant>`: a company's consent to the language model
 * (issue #22), stored on its tenant row for every bot process. Each use prints, in Japanese and
 * English, the provider and exactly what is sent while it is on.
 */
export function addLlmConsentCommands(
  tenant: Command,
  io: CliIo,
  withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>,
  provider: () => string | null,
): void {
  tenant
    .command('llm <state> <tenant>')
    .description('language model for a company: on, off or show (off until turned on); --embeddings on|off switches question embeddings separately')
    .option('--embeddings <on|off>', 'question embeddings for hybrid search (default: unchanged; on for a company never switched)', parseOnOff)
    .option('--by <who>', 'recorded as who switched it', 'operator-cli')
    .action((state: string, id: string, o: { embeddings?: boolean; by: string }) =>
      withDb(async (db) => {
        if (state !== 'on' && state !== 'off' && state !== 'show') throw new OperatorError(`state is on, off or show (got ${state})`);
        if (state === 'show' && o.embeddings !== undefined) throw new OperatorError('--embeddings goes with on or off, not show');
        const consent: LlmConsent | null =
          state === 'show' ? await getLlmConsent(db, id) : await setLlmConsent(db, id, { enabled: state === 'on', ...(o.embeddings !== undefined ? { embeddings: o.embeddings } : {}) }, o.by);
        if (!consent) throw new OperatorError(`unknown tenant "${id}" (see: tenant list)`);
        if (state !== 'show') io.out(`tenant ${id}: language model ${consent.enabled ? 'on' : 'off'}, embeddings ${consent.embeddings ? 'on' : 'off'}`);
        for (const lang of ['ja', 'en'] as const) {
          io.out('');
          for (const line of disclosureLines(llmDisclosure(lang, provider(), consent))) io.out(line);
        }
      }),
    );
}
