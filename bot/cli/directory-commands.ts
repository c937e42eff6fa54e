import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { DEFAULT_TIERS, type EscalationTier, type Role } from '../../handlers/directory/directory-types.js';
import type { Database } from '../../db/database.js';
import { type CliIo, OperatorError } from './cli-io.js';

const waitSeconds = z.number().int().min(0).max(7 * 86_400);

/** The `--tiers` JSON of `group add`: the escalation tiers of a responder group. */
export const tiersSchema = z
  .array(
    z
      .object({
        name: z.string().trim().min(1),
        waitSeconds: z.object({ critical: waitSeconds, high: waitSeconds, medium: waitSeconds, low: waitSeconds }).strict(),
        mention: z.string().min(1).optional(),
      })
      .strict(),
  )
  .min(1, 'at least one tier');

const ROLES: readonly Role[] = ['staff', 'responder', 'admin'];

/** Parses `--tiers`; a clear message names what is wrong. */
export function parseTiers(json: string): EscalationTier[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new OperatorError(`--tiers is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = tiersSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(tiers)'}: ${i.message}`);
    throw new OperatorError(
      `--tiers is not a valid list of tiers (expected [{"name":"primary","waitSeconds":{"critical":300,"high":900,"medium":3600,"low":3600}}, …]):\n  ${problems.join('\n  ')}`,
    );
  }
  return parsed.data;
}

function parseRoles(value: string): Role[] {
  const roles = [...new Set(value.split(',').map((r) => r.trim()).filter(Boolean))];
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || bad.length > 0) throw new InvalidArgumentError(`roles are staff, responder and admin, comma-separated (got ${value})`);
  return roles as Role[];
}

function parseIdentity(value: string, previous: string[]): string[] {
  if (!/^[a-z]+:.+/.test(value)) throw new InvalidArgumentError(`a platform identity looks like slack:T1:U1, teams:… or local:alice (got ${value})`);
  return [...previous, value];
}

function parseLang(value: string): 'ja' | 'en' {
  if (value !== 'ja' && value !== 'en') throw new InvalidArgumentError('use ja or en');
  return value;
}

/**
 * `tenant`, `group`, `member`, `user` and `route`: directory administration. `withDb` opens
 * (and migrates) the configured database for one command and closes it after.
 */
export function addDirectoryCommands(program: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>): void {
  const dir = <T>(work: (d: DirectoryStore) => Promise<T>) => withDb((db) => work(new DirectoryStore(db)));
  const requireGroup = async (d: DirectoryStore, id: string) => {
    const g = await d.getGroup(id);
    if (!g) throw new OperatorError(`unknown responder group "${id}" (see: group list)`);
    return g;
  };
  const requireUser = async (d: DirectoryStore, id: string) => {
    const u = await d.getUser(id);
    if (!u) throw new OperatorError(`unknown user "${id}" (add them first: user add ${id} --name … --roles responder)`);
    return u;
  };

  const tenant = program.command('tenant').description('customer companies');
  tenant
    .command('add <id> <name>')
    .description('add a company (or rename it)')
    .action((id: string, name: string) =>
      dir(async (d) => {
        const existed = await d.getTenant(id);
        await d.upsertTenant({ id, name });
        io.out(`${existed ? 'updated' : 'added'} tenant ${id} (${name})`);
        if (!existed) io.out(`next: route its escalations to a responder group: route ${id} <group>`);
      }),
    );
  tenant
    .command('list')
    .description('every company and the group its escalations go to')
    .action(() =>
      dir(async (d) => {
        const tenants = await d.listTenants();
        if (tenants.length === 0) io.out('no tenants yet (add one: tenant add <id> <name>)');
        for (const t of tenants) io.out(`${t.id.padEnd(20)} ${t.name}  → ${t.groupId ?? '(not routed)'}`);
      }),
    );

  const group = program.command('group').description('responder groups');
  group
    .command('add <id> <name>')
    .description('add a responder group (or change it)')
    .requiredOption('--destination <ref>', 'where its escalation cards go, e.g. slack:T1:C123 or teams:<conversation>')
    .option('--tiers <json>', 'escalation tiers as JSON (default: primary and on-call, waits 5/15/60/60 min)')
    .option('--lang <lang>', 'language the group reads its cards, reminders and App Home in: ja or en (default: ja for a new group, unchanged for an existing one)', parseLang)
    .action((id: string, name: string, o: { destination: string; tiers?: string; lang?: 'ja' | 'en' }) => {
      const tiers = o.tiers === undefined ? DEFAULT_TIERS : parseTiers(o.tiers);
      if (!/^[a-z]+:.+/.test(o.destination)) throw new OperatorError(`--destination must be platform-prefixed, e.g. slack:T1:C123 (got ${o.destination})`);
      return dir(async (d) => {
        const existed = await d.getGroup(id);
        const saved = await d.upsertGroup({ id, name, destination: o.destination, tiers, ...(o.lang ? { lang: o.lang } : {}) });
        io.out(`${existed ? 'updated' : 'added'} responder group ${id} (${name}) → ${o.destination}, tiers: ${tiers.map((t) => t.name).join(', ')}, lang: ${saved.lang}`);
      });
    });
  group
    .command('list')
    .description('every responder group with its members')
    .action(() =>
      dir(async (d) => {
        const groups = await d.listGroups();
        if (groups.length === 0) io.out('no responder groups yet (add one: group add <id> <name> --destination <ref>)');
        for (const g of groups) {
          io.out(`${g.id.padEnd(20)} ${g.name}  → ${g.destination}  tiers: ${g.tiers.map((t) => t.name).join(', ')}  lang: ${g.lang}`);
          io.out(`${''.padEnd(20)} members: ${g.memberIds.length ? g.memberIds.join(', ') : '(none)'}`);
        }
      }),
    );

  const member = program.command('member').description('members of responder groups');
  member
    .command('add <group> <user-id>')
    .action((groupId: string, userId: string) =>
      dir(async (d) => {
        await requireGroup(d, groupId);
        const user = await requireUser(d, userId);
        await d.addMember(groupId, userId);
        io.out(`${userId} is a member of ${groupId}`);
        if (!user.roles.includes('responder')) io.out(`note: ${userId} does not have the responder role, so cannot claim cases (user add ${userId} … --roles responder)`);
      }),
    );
  member
    .command('remove <group> <user-id>')
    .action((groupId: string, userId: string) =>
      dir(async (d) => {
        await requireGroup(d, groupId);
        if (!(await d.removeMember(groupId, userId))) throw new OperatorError(`${userId} is not a member of ${groupId}`);
        io.out(`${userId} removed from ${groupId}`);
      }),
    );

  program
    .command('user')
    .description('people')
    .command('add <id>')
    .description('add a person (or change them) and link their platform identities')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--roles <roles>', 'staff, responder, admin (comma-separated)', parseRoles)
    .option('--tenant <id>', 'their company (none for the vendor\'s responders)')
    .option('--lang <lang>', 'ja or en', parseLang, 'ja' as const)
    .option('--identity <platform-ref>', 'platform identity, e.g. slack:T1:U1 (repeatable)', parseIdentity, [] as string[])
    .action((id: string, o: { name: string; roles: Role[]; tenant?: string; lang: 'ja' | 'en'; identity: string[] }) =>
      dir(async (d) => {
        if (o.tenant && !(await d.getTenant(o.tenant))) throw new OperatorError(`unknown tenant "${o.tenant}" (see: tenant list)`);
        if (!o.tenant && !o.roles.includes('responder')) throw new OperatorError('--tenant is required for staff and admins (only the vendor\'s responders have no company)');
        await d.upsertUser({ id, tenantId: o.tenant ?? null, displayName: o.name, roles: o.roles, lang: o.lang }, o.identity);
        io.out(`saved user ${id} (${o.name}; ${o.roles.join(', ')}${o.tenant ? `; tenant ${o.tenant}` : ''}${o.identity.length ? `; identities ${o.identity.join(', ')}` : ''})`);
      }),
    );

  program
    .command('route <tenant> <group>')
    .description('send a company\'s escalations to a responder group')
    .action((tenantId: string, groupId: string) =>
      dir(async (d) => {
        if (!(await d.getTenant(tenantId))) throw new OperatorError(`unknown tenant "${tenantId}" (see: tenant list)`);
        await requireGroup(d, groupId);
        await d.routeTenant(tenantId, groupId);
        io.out(`escalations of ${tenantId} now go to ${groupId}`);
      }),
    );
}
