import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import { ALERT_AUTH_KINDS, ALERT_SOURCE_KINDS, type AlertAuthKind, type AlertSourceKind } from '../../handlers/alerts/alert-types.js';
import { AlertSecrets } from '../alerts/alert-secrets.js';
import { type CliIo, OperatorError } from './cli-io.js';

function oneOf<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!values.includes(v as T)) throw new InvalidArgumentError(`use ${values.join(', ')}`);
    return v as T;
  };
}

/** `30m`, `1h`, `2d`, `0` → milliseconds. */
function duration(v: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('write it as 0, 30m, 1h or 2d');
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/**
 * `source add|rotate|list|remove|map|unmap|subjects`: monitoring alert sources (a tenant's UTM or
 * EDR posting to POST /api/alerts/<id>) and which person uses the machines and accounts they name.
 * A new or rotated secret is printed once and never again (PostgreSQL keeps it sealed or hashed).
 */
export function addAlertSourceCommands(program: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>, secretKey: () => string | undefined): void {
  const source = program.command('source').description('monitoring alert sources of a tenant (POST /api/alerts/<id>) and their secrets');

  const printSecret = (id: string, auth: AlertAuthKind, secret: string) => {
    io.out(`secret (shown once): ${secret}`);
    if (auth === 'hmac') {
      io.out(`device: POST /api/alerts/${id} with headers X-Otasuke-Timestamp: <unix seconds> and X-Otasuke-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`);
    } else {
      io.out(`device: POST /api/alerts/${id} with header Authorization: Bearer <secret>`);
    }
  };

  source
    .command('add <tenant> <id>')
    .description('add a source; prints its secret once')
    .requiredOption('--kind <kind>', `payload shape: ${ALERT_SOURCE_KINDS.join(', ')}`, oneOf(ALERT_SOURCE_KINDS))
    .requiredOption('--contact <user>', "the tenant's contact person for alerts that name nobody known")
    .option('--auth <auth>', `hmac (signed, default) or bearer (for devices that cannot sign)`, oneOf(ALERT_AUTH_KINDS), 'hmac')
    .option('--name <name>', 'shown to people (default: the id)')
    .action((tenant: string, id: string, o: { kind: AlertSourceKind; contact: string; auth: AlertAuthKind; name?: string }) =>
      withDb(async (db) => {
        if (!/^[a-z0-9][a-z0-9_-]{1,62}$/.test(id)) throw new OperatorError('a source id is 2–63 characters: a-z, 0-9, - and _');
        const secrets = new AlertSecrets(secretKey());
        const secret = AlertSecrets.generate(o.auth);
        await new AlertSourceStore(db).add({ id, tenantId: tenant, name: o.name ?? id, kind: o.kind, auth: o.auth, secret: secrets.store(o.auth, secret), contactUserId: o.contact });
        io.out(`source ${id} added for ${tenant} (${o.kind}, ${o.auth})${o.auth === 'hmac' && !secrets.sealed ? ' — ALERT_SECRET_KEY is not set: the secret is stored unsealed' : ''}`);
        printSecret(id, o.auth, secret);
      }),
    );

  source
    .command('rotate <id>')
    .description('give a source a new secret; the old one keeps working for --grace (default 1h, 0 = stops now)')
    .option('--grace <duration>', 'how long the previous secret is still accepted', duration, 3_600_000)
    .action((id: string, o: { grace: number }) =>
      withDb(async (db) => {
        const store = new AlertSourceStore(db);
        const current = await store.active(id);
        if (!current) throw new OperatorError(`there is no active source ${id} (see: source list)`);
        const secrets = new AlertSecrets(secretKey());
        const secret = AlertSecrets.generate(current.auth);
        const until = new Date(Date.now() + o.grace);
        await store.rotate(id, secrets.store(current.auth, secret), until);
        io.out(`source ${id}: new secret; the previous one ${o.grace > 0 ? `works until ${until.toISOString()}` : 'no longer works'}`);
        printSecret(id, current.auth, secret);
      }),
    );

  source
    .command('list')
    .description('sources with their alert counts and open cases')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--all', 'include removed sources')
    .action((o: { tenant?: string; all?: boolean }) =>
      withDb(async (db) => {
        const list = await new AlertSourceStore(db).list({ ...(o.tenant ? { tenantId: o.tenant } : {}), includeRemoved: o.all ?? false });
        for (const s of list) {
          const open = s.openCases.map((c) => `${c.number} (${c.alerts} alerts${c.storm ? ', grouped storm' : ''})`).join(', ');
          io.out(
            `${s.id}\t${s.tenantId}\t${s.kind}\t${s.auth}\tcontact ${s.contactUserId}\t${s.alertCount} alerts${s.lastAlertAt ? `, last ${s.lastAlertAt.toISOString()}` : ''}` +
              `${s.rotatedAt ? `\trotated ${s.rotatedAt.toISOString()}` : ''}${s.removedAt ? '\tREMOVED' : ''}${open ? `\topen: ${open}` : ''}`,
          );
        }
        io.out(`${list.length} source${list.length === 1 ? '' : 's'}`);
      }),
    );

  source
    .command('remove <id>')
    .description('stop a source for good (its secret is wiped; its alerts and cases stay)')
    .action((id: string) =>
      withDb(async (db) => {
        await new AlertSourceStore(db).remove(id);
        io.out(`source ${id} removed`);
      }),
    );

  source
    .command('map <tenant> <kind> <name> <user>')
    .description('say who uses a machine (kind host, e.g. PC-023) or an account (kind user, e.g. sato@example.co.jp) that alerts name')
    .action((tenant: string, kind: string, name: string, user: string) =>
      withDb(async (db) => {
        if (kind !== 'host' && kind !== 'user') throw new OperatorError('kind is host or user');
        await new AlertSourceStore(db).mapSubject(tenant, kind, name, user);
        io.out(`${kind} ${name.toLowerCase()} of ${tenant} → ${user}`);
      }),
    );

  source
    .command('unmap <tenant> <kind> <name>')
    .description('forget who uses a machine or an account')
    .action((tenant: string, kind: string, name: string) =>
      withDb(async (db) => {
        if (kind !== 'host' && kind !== 'user') throw new OperatorError('kind is host or user');
        if (!(await new AlertSourceStore(db).unmapSubject(tenant, kind, name))) throw new OperatorError(`${kind} ${name} of ${tenant} is not mapped`);
        io.out(`${kind} ${name.toLowerCase()} of ${tenant} unmapped`);
      }),
    );

  source
    .command('subjects <tenant>')
    .description('the machines and accounts of a tenant mapped to people')
    .action((tenant: string) =>
      withDb(async (db) => {
        const list = await new AlertSourceStore(db).subjects(tenant);
        for (const s of list) io.out(`${s.kind}\t${s.name}\t${s.userId}`);
        io.out(`${list.length} mapped`);
      }),
    );
}
