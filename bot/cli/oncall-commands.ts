import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { describeWeekly, isTimeZone, parseWeekly } from '../../handlers/oncall/office-hours.js';
import { describeStatus, onCallStatus } from '../../handlers/oncall/oncall-now.js';
import { OnCallStore } from '../../handlers/oncall/oncall-store.js';
import { shiftHoursOf } from '../../handlers/oncall/rotation.js';
import { type CliIo, OperatorError } from './cli-io.js';

function parseInstant(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`not a date and time: ${value} (e.g. 2027-01-01T00:00+09:00)`);
  return d;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a whole number of hours ≥ 1 (got ${value})`);
  return n;
}

/**
 * `oncall`: office hours, rotations, overrides and page contacts of responder groups, and who is
 * on call now. `withDb` opens (and migrates) the configured database for one command.
 */
export function addOnCallCommands(program: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>, now: () => Date = () => new Date()): void {
  const withStores = <T>(work: (s: OnCallStore, d: DirectoryStore, db: Database) => Promise<T>) => withDb((db) => work(new OnCallStore(db), new DirectoryStore(db), db));
  const requireGroup = async (d: DirectoryStore, id: string) => {
    if (!(await d.getGroup(id))) throw new OperatorError(`unknown responder group "${id}" (see: group list)`);
  };
  const requireMember = async (d: DirectoryStore, group: string, user: string) => {
    if (!(await d.getUser(user))) throw new OperatorError(`unknown user "${user}"`);
    if (!(await d.isMember(group, user))) throw new OperatorError(`${user} is not a member of ${group} (add them: member add ${group} ${user})`);
  };

  const oncall = program.command('oncall').description('office hours, on-call rotations and overrides of responder groups');
  const hours = oncall.command('hours').description('office hours of a group');
  hours
    .command('set <group>')
    .description('set the weekly office hours; outside them critical/high cases page the on-call person, medium/low ones tell the asker when the desk opens')
    .requiredOption('--week <spec>', 'e.g. "mon-fri 09:00-18:00" or "mon-fri 09:00-12:00,13:00-18:00; sat 09:00-12:00"')
    .option('--tz <zone>', 'IANA time zone the hours are written in', 'Asia/Tokyo')
    .option('--no-holidays', 'stay open on Japanese public holidays (by default they close the desk)')
    .action((group: string, o: { week: string; tz: string; holidays: boolean }) => {
      if (!isTimeZone(o.tz)) throw new OperatorError(`--tz: unknown time zone ${o.tz} (e.g. Asia/Tokyo)`);
      let weekly;
      try {
        weekly = parseWeekly(o.week);
      } catch (err) {
        throw new OperatorError(`--week: ${(err as Error).message}`);
      }
      return withStores(async (s, d) => {
        await requireGroup(d, group);
        await s.setHours(group, { timeZone: o.tz, weekly, observeHolidays: o.holidays });
        io.out(`office hours of ${group}: ${describeWeekly(weekly)} (${o.tz}${o.holidays ? ', closed on Japanese public holidays' : ''})`);
      });
    });
  hours
    .command('clear <group>')
    .description('remove the office hours (the group counts as always open)')
    .action((group: string) => withStores(async (s) => io.out((await s.clearHours(group)) ? `office hours of ${group} removed: always open` : `${group} had no office hours`)));

  oncall
    .command('rotation <group>')
    .description('set the on-call rotation: members take turns in the given order')
    .requiredOption('--members <ids>', 'user ids in turn order, comma-separated')
    .option('--kind <kind>', 'weekly (a week each) or custom (--shift-hours each)', 'weekly')
    .option('--shift-hours <n>', 'length of a turn for --kind custom', parsePositive)
    .option('--start <when>', 'when the first member\'s first turn starts (default: now)', parseInstant)
    .action((group: string, o: { members: string; kind: string; shiftHours?: number; start?: Date }) => {
      if (o.kind !== 'weekly' && o.kind !== 'custom') throw new OperatorError('--kind is weekly or custom');
      if (o.kind === 'custom' && !o.shiftHours) throw new OperatorError('--kind custom needs --shift-hours');
      const memberIds = o.members.split(',').map((m) => m.trim()).filter(Boolean);
      if (memberIds.length === 0) throw new OperatorError('--members needs at least one user id');
      return withStores(async (s, d) => {
        await requireGroup(d, group);
        for (const m of memberIds) await requireMember(d, group, m);
        const kind = o.kind as 'weekly' | 'custom';
        await s.setRotation({ groupId: group, kind, memberIds, startsAt: o.start ?? now(), shiftHours: shiftHoursOf(kind, o.shiftHours) });
        io.out(`rotation of ${group}: ${memberIds.join(' → ')} (${kind === 'weekly' ? 'a week each' : `${o.shiftHours} h each`}, from ${(o.start ?? now()).toISOString()})`);
      });
    });

  const override = oncall.command('override').description('someone else on call for a date range');
  override
    .command('add <group> <user>')
    .requiredOption('--from <when>', 'start, e.g. 2027-01-01T00:00+09:00', parseInstant)
    .requiredOption('--to <when>', 'end (exclusive)', parseInstant)
    .option('--reason <text>', 'why (shown in the list)', '')
    .action((group: string, user: string, o: { from: Date; to: Date; reason: string }) => {
      if (o.to <= o.from) throw new OperatorError('--to must be after --from');
      return withStores(async (s, d) => {
        await requireGroup(d, group);
        await requireMember(d, group, user);
        const added = await s.addOverride({ groupId: group, userId: user, startsAt: o.from, endsAt: o.to, reason: o.reason });
        io.out(`override #${added.id}: ${user} on call for ${group} from ${o.from.toISOString()} to ${o.to.toISOString()}`);
      });
    });
  override
    .command('list <group>')
    .option('--all', 'include past overrides')
    .action((group: string, o: { all?: boolean }) =>
      withStores(async (s) => {
        const list = await s.overrides(group, o.all ? undefined : now());
        if (list.length === 0) io.out('no overrides');
        for (const x of list) io.out(`#${x.id}  ${x.userId.padEnd(16)} ${x.startsAt.toISOString()} → ${x.endsAt.toISOString()}  ${x.reason}`);
      }),
    );
  override
    .command('remove <group> <id>')
    .action((group: string, id: string) => withStores(async (s) => io.out((await s.removeOverride(group, Number(id))) ? `override #${id} removed` : `no override #${id} in ${group}`)));

  oncall
    .command('contact <user> <ref>')
    .description("where pages and ack reminders to a person go (their DM, e.g. slack:T1:U123); default: their first platform identity")
    .action((user: string, ref: string) => {
      if (!/^[a-z]+:.+/.test(ref)) throw new OperatorError(`a platform-prefixed ref, e.g. slack:T1:U123 (got ${ref})`);
      return withStores(async (s, d) => {
        if (!(await d.getUser(user))) throw new OperatorError(`unknown user "${user}"`);
        await s.setContact(user, ref);
        io.out(`pages to ${user} go to ${ref}`);
      });
    });

  oncall
    .command('now [group]')
    .description('who is on call now, and whether the desk is open (every group without an argument)')
    .option('--lang <lang>', 'ja or en', 'en')
    .action((group: string | undefined, o: { lang: string }) =>
      withStores(async (_s, d, db) => {
        const lang = o.lang === 'ja' ? 'ja' : 'en';
        const ids = group ? [group] : (await d.listGroups()).map((g) => g.id);
        for (const id of ids) {
          await requireGroup(d, id);
          io.out(`${id}: ${describeStatus(lang, await onCallStatus(db, d, id, now())).join(' / ')}`);
        }
      }),
    );
}
