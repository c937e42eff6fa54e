import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import type { Role } from '../../handlers/directory/directory-types.js';
import { loadConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { buildAppPackage } from './teams-app-package.js';
import { destinationOf, identityOf, isGuid } from './teams-ids.js';
import { TeamsStore } from './teams-store.js';

/**
 * `npx tsx bot/teams/teams-cli.ts <command>`: the operator's Teams setup
 * against the configured database (DATABASE_URL, or the embedded one in
 * DATA_DIR). Like `npm run kb`, it trusts whoever holds the database.
 */
async function main(argv: string[]): Promise<void> {
  const out = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  const program = new Command().name('teams-cli').description('Otasuke Bot: Microsoft Teams setup').exitOverride();

  program
    .command('package')
    .description('build the Teams app package (zip) to upload in the Teams admin center')
    .requiredOption('--app-id <guid>', 'Microsoft App ID of the Azure Bot')
    .requiredOption('--domain <host>', 'public host name of the bot, e.g. bot.example.com')
    .option('--version <semver>', 'app version shown in Teams')
    .option('--out <file>', 'where to write the zip', 'otasuke-teams-app.zip')
    .option('--dir <folder>', 'the app template folder', 'teams-app')
    .action(async (o: { appId: string; domain: string; version?: string; out: string; dir: string }) => {
      const zip = await buildAppPackage(path.resolve(o.dir), { appId: o.appId, domain: o.domain, version: o.version });
      await fs.writeFile(o.out, zip);
      out(`wrote ${o.out} (${zip.length} bytes); upload it in the Teams admin center (Manage apps → Upload new app)`);
    });

  // Everything else works on the database.
  const withDb = (work: (stores: { teams: TeamsStore; directory: DirectoryStore; db: Database }) => Promise<void>) => async () => {
    const config = loadConfig();
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const db = await openDatabase(config.database, logger);
    try {
      await migrate(db, { logger });
      await work({ teams: new TeamsStore(db), directory: new DirectoryStore(db), db });
    } finally {
      await db.close();
    }
  };

  program
    .command('map-tenant <aadTenantId> <tenantId>')
    .description('let a Microsoft 365 organisation in as a tenant (created when new); its staff register themselves on their first message')
    .option('--name <name>', 'company name of a new tenant')
    .option('--group <groupId>', 'responder group the tenant’s escalations go to')
    .action((aadTenantId: string, tenantId: string, o: { name?: string; group?: string }) =>
      withDb(async ({ teams, directory }) => {
        if (!isGuid(aadTenantId)) throw new Error('the Microsoft 365 tenant id must be a GUID (Entra ID → Overview → Tenant ID)');
        if (!(await directory.getTenant(tenantId))) await directory.upsertTenant({ id: tenantId, name: o.name ?? tenantId });
        await teams.mapTenant(aadTenantId, tenantId);
        if (o.group) await directory.routeTenant(tenantId, o.group);
        const group = await directory.groupForTenant(tenantId);
        out(`${aadTenantId.toLowerCase()} → ${tenantId}${group ? ` (escalations to ${group.id})` : ' (no responder group yet: use --group)'}`);
      })(),
    );

  program.command('unmap-tenant <aadTenantId>').action((aadTenantId: string) =>
    withDb(async ({ teams }) => {
      out((await teams.unmapTenant(aadTenantId)) ? `${aadTenantId} removed; its people are refused from now on` : `${aadTenantId} was not mapped`);
    })(),
  );

  program.command('tenants').description('list the mapped Microsoft 365 organisations').action(() =>
    withDb(async ({ teams }) => {
      for (const t of await teams.listTenants()) out(`${t.aadTenantId}  ${t.tenantId}`);
    })(),
  );

  program
    .command('conversations')
    .description('list the conversations the bot was installed in or reached, with the destination to use for a responder group')
    .action(() =>
      withDb(async ({ teams }) => {
        for (const c of await teams.listConversations()) {
          const where = [c.teamName, c.channelName].filter(Boolean).join(' / ');
          out(`${destinationOf(c.conversationId).padEnd(60)} ${c.conversationType.padEnd(9)} ${c.aadTenantId ?? '-'}  ${where}`);
        }
      })(),
    );

  program
    .command('responders <groupId> <destination>')
    .description('send a responder group’s escalation cards to a Teams channel (a destination from `conversations`)')
    .action((groupId: string, destination: string) =>
      withDb(async ({ teams, db }) => {
        const conversationId = destination.replace(/^teams:/, '');
        const ref = destinationOf(conversationId);
        if (!(await teams.conversation(conversationId))) throw new Error(`the bot has not been installed in ${ref} yet: add the app to that team first`);
        // The directory store has no "change destination" of its own; one column of an existing group changes.
        const r = await db.query('UPDATE responder_groups SET destination = $2 WHERE id = $1', [groupId, ref]);
        if (r.rowCount === 0) throw new Error(`no responder group ${groupId}`);
        out(`${groupId} → ${ref}`);
      })(),
    );

  program
    .command('link-user <userId> <aadTenantId> <aadObjectId>')
    .description('link a Teams person to a directory user, creating it when new (responders of the vendor, admins)')
    .option('--name <name>', 'display name')
    .option('--tenant <tenantId>', 'tenant of a new staff or admin user (responders have none)')
    .option('--role <role...>', 'roles: staff, admin, responder', ['staff'])
    .option('--group <groupId>', 'responder group to add the user to')
    .option('--lang <lang>', 'ja or en', 'ja')
    .action((userId: string, aadTenantId: string, aadObjectId: string, o: { name?: string; tenant?: string; role: string[]; group?: string; lang: string }) =>
      withDb(async ({ directory }) => {
        const roles = o.role.filter((r): r is Role => r === 'staff' || r === 'admin' || r === 'responder');
        if (roles.length !== o.role.length || roles.length === 0) throw new Error('roles are staff, admin and responder');
        const existing = await directory.getUser(userId);
        const identity = identityOf(aadTenantId, aadObjectId);
        await directory.upsertUser(
          existing ?? { id: userId, tenantId: o.tenant ?? null, displayName: o.name ?? userId, roles, lang: o.lang === 'en' ? 'en' : 'ja' },
          [identity],
        );
        if (o.group) await directory.addMember(o.group, userId);
        out(`${identity} → ${userId}${existing ? ' (existing user)' : ''}`);
      })(),
    );

  await program.parseAsync(argv, { from: 'user' });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  const e = toOtasukeError(err);
  process.stderr.write(`teams-cli: ${e.code === 'INTERNAL' ? e.message : `${e.code}: ${e.message}`}\n`);
  process.exit(1);
});
