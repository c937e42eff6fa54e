import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { DispatchStore, type DispatchGroup } from '../../handlers/dispatch/dispatch-store.js';
import { type CliIo, OperatorError } from './cli-io.js';

function parseMinutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 7 * 24 * 60) throw new InvalidArgumentError(`minutes: a number above 0, at most 10080 (got ${value})`);
  return Math.max(1, Math.round(n * 60));
}

function parseYen(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`yen per hour: a whole number ≥ 0 (got ${value})`);
  return n;
}

function parseLang(value: string): 'ja' | 'en' {
  if (value !== 'ja' && value !== 'en') throw new InvalidArgumentError('use ja or en');
  return value;
}

function describe(g: DispatchGroup): string {
  const rate = g.hourlyRateYen === null ? 'no rate' : `¥${g.hourlyRateYen}/h`;
  return `${g.id.padEnd(16)} ${g.name}  → ${g.destination}  lang: ${g.lang}  remind after ${g.remindSeconds / 60} min, next group after ${g.escalateSeconds / 60} min, ${rate}`;
}

/**
 * `dispatch group|member|route` and `tenant site`: the on-site dispatch set-up (README "On-site
 * dispatch"). A company's requests go to the groups of its route in order; the request form
 * starts from its site (address and on-site contact).
 */
export function addDispatchCommands(program: Command, tenant: Command | undefined, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>): void {
  const withStores = <T>(work: (s: DispatchStore, d: DirectoryStore) => Promise<T>) => withDb((db) => work(new DispatchStore(db), new DirectoryStore(db)));
  const requireGroup = async (s: DispatchStore, id: string) => {
    const g = await s.group(id);
    if (!g) throw new OperatorError(`unknown dispatch group "${id}" (see: dispatch group list)`);
    return g;
  };
  const requireTenant = async (d: DirectoryStore, id: string) => {
    if (!(await d.getTenant(id))) throw new OperatorError(`unknown tenant "${id}" (see: tenant list)`);
  };

  const dispatch = program.command('dispatch').description('on-site dispatch (駆けつけ): local IT companies that send someone to a customer');
  const group = dispatch.command('group').description('dispatch groups');
  group
    .command('add <id> <name>')
    .description('add a dispatch group (or change it)')
    .requiredOption('--destination <ref>', 'where its requests are posted, e.g. slack:T1:C123 or teams:<conversation>')
    .option('--lang <lang>', 'language of its posts: ja or en (default: ja for a new group, unchanged otherwise)', parseLang)
    .option('--remind-minutes <n>', 'remind an unanswered request after n minutes (default 15)', parseMinutes)
    .option('--escalate-minutes <n>', 'pass an unanswered request to the next group after n minutes (default 30)', parseMinutes)
    .option('--hourly-rate <yen>', 'yen per hour on site, for the cost when the technician records none', parseYen)
    .action((id: string, name: string, o: { destination: string; lang?: 'ja' | 'en'; remindMinutes?: number; escalateMinutes?: number; hourlyRate?: number }) => {
      if (!/^[a-z]+:.+/.test(o.destination)) throw new OperatorError(`--destination must be platform-prefixed, e.g. slack:T1:C123 (got ${o.destination})`);
      return withStores(async (s) => {
        const saved = await s.upsertGroup({
          id, name, destination: o.destination,
          ...(o.lang ? { lang: o.lang } : {}),
          ...(o.remindMinutes ? { remindSeconds: o.remindMinutes } : {}),
          ...(o.escalateMinutes ? { escalateSeconds: o.escalateMinutes } : {}),
          ...(o.hourlyRate !== undefined ? { hourlyRateYen: o.hourlyRate } : {}),
        });
        io.out(describe(saved));
      });
    });
  group
    .command('list')
    .description('every dispatch group with its members')
    .action(() =>
      withStores(async (s) => {
        const groups = await s.listGroups();
        if (groups.length === 0) io.out('no dispatch groups yet (add one: dispatch group add <id> <name> --destination <ref>)');
        for (const g of groups) {
          io.out(describe(g));
          io.out(`${''.padEnd(16)} members: ${g.memberIds.length ? g.memberIds.join(', ') : '(none)'}`);
        }
      }),
    );

  const member = dispatch.command('member').description('members of dispatch groups (who may accept, decline, set the ETA, arrive, finish)');
  member.command('add <group> <user-id>').action((groupId: string, userId: string) =>
    withStores(async (s, d) => {
      await requireGroup(s, groupId);
      if (!(await d.getUser(userId))) throw new OperatorError(`unknown user "${userId}" (add them first: user add ${userId} --name … --roles responder --identity …)`);
      await s.addMember(groupId, userId);
      io.out(`${userId} is a member of dispatch group ${groupId}`);
    }),
  );
  member.command('remove <group> <user-id>').action((groupId: string, userId: string) =>
    withStores(async (s) => {
      await requireGroup(s, groupId);
      if (!(await s.removeMember(groupId, userId))) throw new OperatorError(`${userId} is not a member of dispatch group ${groupId}`);
      io.out(`${userId} removed from dispatch group ${groupId}`);
    }),
  );

  dispatch
    .command('route <tenant> <groups>')
    .description('the dispatch groups a company’s requests go to, first to last, comma-separated (e.g. kanda-it,ueno-pc); "-" removes the route')
    .action((tenantId: string, groups: string) =>
      withStores(async (s, d) => {
        await requireTenant(d, tenantId);
        const ids = groups === '-' ? [] : [...new Set(groups.split(',').map((g) => g.trim()).filter(Boolean))];
        for (const id of ids) await requireGroup(s, id);
        await s.setRoute(tenantId, ids);
        io.out(ids.length ? `tenant ${tenantId}: on-site requests go to ${ids.join(' → ')}` : `tenant ${tenantId}: no dispatch route`);
      }),
    );

  if (!tenant) return;
  const site = tenant.command('site').description('a company’s site for on-site dispatch: address and the person to meet there');
  site
    .command('set <tenant>')
    .requiredOption('--address <text>', 'the address technicians go to')
    .option('--contact-name <name>', 'the person to meet on site', '')
    .option('--contact-phone <phone>', 'their phone number', '')
    .action((tenantId: string, o: { address: string; contactName: string; contactPhone: string }) =>
      withStores(async (s, d) => {
        await requireTenant(d, tenantId);
        if (!o.address.trim()) throw new OperatorError('--address must not be empty');
        await s.setSite({ tenantId, address: o.address.trim(), contactName: o.contactName.trim(), contactPhone: o.contactPhone.trim() });
        io.out(`tenant ${tenantId}: site ${o.address.trim()}${o.contactName ? `, contact ${o.contactName.trim()} ${o.contactPhone.trim()}` : ''}`);
      }),
    );
  site.command('show <tenant>').action((tenantId: string) =>
    withStores(async (s) => {
      const found = await s.site(tenantId);
      if (!found) throw new OperatorError(`no site on file for tenant "${tenantId}"`);
      io.out(`tenant ${tenantId}: site ${found.address}, contact ${found.contactName || '—'} ${found.contactPhone}`);
    }),
  );
}
