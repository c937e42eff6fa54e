import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../handlers/directory/directory-types.js';
import { dismissHeld, listHeld, queueHeldAnswer, type HeldChange, type HeldQuestion } from '../../handlers/limits/held-questions.js';
import type { Inbound } from '../../handlers/inbound.js';
import type { HandlerServices } from '../../handlers/services.js';
import { taxonomy } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { isLoopbackHost } from '../../core/config.js';
import { OtasukeError } from '../../core/errors.js';
import { authorName } from '../../handlers/kb/author-name.js';
import { mountArticleDraftRoutes } from './article-draft-routes.js';
import { askerThread, staffThreads } from './asker-thread.js';
import { mountLlmConsentRoutes } from './llm-consent-routes.js';
import { mountAlertAdminRoutes } from './alert-admin-routes.js';
import type { AlertSecrets } from '../alerts/alert-secrets.js';
import { basicAuthMatches, type Credentials } from '../basic-auth.js';
import type { PlaygroundAdapter } from './playground-adapter.js';
import { playgroundStrings } from './playground-strings.js';
import { CLIENT_ID, identityFor, mayWriteTo, PLAYGROUND_ROLES, staffThreadRef, type PlaygroundRole } from './playground-refs.js';
import { responderCaseView, responderMaySee, responderOnCall, responderQueue } from './responder-views.js';

export interface PlaygroundRouteOptions {
  /** The configured HTTP_HOST: on a loopback address, requests naming another host are refused (DNS rebinding). */
  host: string;
  /** Basic-auth login for the whole playground (ADMIN_USER / ADMIN_PASSWORD); none → no login. */
  auth?: Credentials;
  defaultLang: Lang;
  /** The demo company's tenant id (its name heads the page). */
  tenantId: string;
  /** Where the language model's requests go (llmProviderName: OPENAI_BASE_URL's host or "OpenAI"); null without OPENAI_API_KEY. */
  llmProvider?: string | null;
  /** Opens and seals alert source secrets (the admin's "send a test alert"); absent → no alerts section. */
  alertSecrets?: AlertSecrets;
}

/** The page's assets are missing (a build that did not copy bot/playground/public). */
export class PlaygroundAssetsError extends OtasukeError {
  constructor(dir: string) {
    super('PLAYGROUND_ASSETS_MISSING', `The playground page files are not in ${dir} (copy bot/playground/public next to the compiled playground)`);
  }
}

/** The page: index.html at `/`, its scripts (loaded in this order) and style sheet under /playground/. */
const SCRIPTS = ['playground-core.js', 'card-renderer.js', 'staff-view.js', 'responder-view.js', 'admin-view.js', 'app.js'];
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/playground/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(SCRIPTS.map((file) => [`/playground/${file}`, { file, type: 'text/javascript; charset=utf-8' }])),
};

/** Noto Sans JP (SIL OFL 1.1, @embedpdf/fonts-jp), for machines without a Japanese font. */
const FONTS = new Set(['NotoSansJP-Regular.otf', 'NotoSansJP-Bold.otf']);

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const COMMANDS = ['kb', 'report', 'claim', 'release', 'resolve', 'reassign', 'reclassify', 'fits', 'reply', 'legal', 'insurer', 'dispatch'] as const;
const common = {
  role: z.enum(PLAYGROUND_ROLES),
  /** Made up by the page per submission: a retried request is dropped as a duplicate by the core. */
  key: z.string().regex(CLIENT_ID),
  thread: z.string().max(200),
};
const inboundSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), ...common, text: z.string().max(20_000), lang: z.enum(['ja', 'en']).optional() }),
  z.object({
    kind: z.literal('action'),
    ...common,
    actionId: z.string().min(1).max(100),
    value: z.string().max(300),
    form: z.record(z.string().max(50), z.string().max(10_000)).optional(),
  }),
  z.object({
    kind: z.literal('command'),
    ...common,
    command: z.enum(COMMANDS),
    args: z.array(z.string().max(200)).max(20),
    body: z.string().max(200_000).optional(),
  }),
]);

function assetsDir(): string {
  const beside = path.join(__dirname, 'public');
  if (fs.existsSync(beside)) return beside;
  // Compiled to dist/bot/playground: the sources' folder, when run from a checkout.
  const source = path.resolve(__dirname, '..', '..', '..', 'bot', 'playground', 'public');
  if (fs.existsSync(source)) return source;
  throw new PlaygroundAssetsError(beside);
}

function fontsDir(): string {
  return path.join(path.dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
}

/**
 * Mounts the playground on the bot's HTTP server: the page at `/`, its assets,
 * the Server-Sent Events stream, the database-backed views and the one write
 * endpoint that turns the page's input into Inbound values for the core.
 */
export async function mountPlayground(
  http: FastifyInstance,
  adapter: PlaygroundAdapter,
  services: HandlerServices,
  options: PlaygroundRouteOptions,
): Promise<void> {
  const dir = assetsDir();
  const files = new Map(Object.entries(ASSETS).map(([route, a]) => [route, { body: fs.readFileSync(path.join(dir, a.file)), type: a.type }]));
  const loopbackOnly = isLoopbackHost(options.host);

  await http.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      const refusal = guard(req, loopbackOnly, options.auth);
      if (!refusal) return;
      if (refusal.code === 401) reply.header('www-authenticate', 'Basic realm="otasuke-playground", charset="UTF-8"');
      await reply.code(refusal.code).headers(SECURITY_HEADERS).send({ error: refusal.error });
    });
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      return payload;
    });

    for (const [route, file] of files) {
      scope.get(route, async (_req, reply) => reply.type(file.type).header('cache-control', 'no-cache').send(file.body));
    }
    scope.get<{ Params: { file: string } }>('/playground/fonts/:file', async (req, reply) => {
      if (!FONTS.has(req.params.file)) return reply.code(404).send({ error: 'not found' });
      return reply.type('font/otf').header('cache-control', 'public, max-age=604800').send(fs.createReadStream(path.join(fontsDir(), req.params.file)));
    });

    scope.get('/playground/api/events', async (_req, reply) => {
      // The stream outlives this handler: fastify lets go of the response and the hub keeps it.
      reply.hijack();
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      adapter.hub.add(reply.raw);
    });

    scope.get('/playground/api/bootstrap', async () => {
      const people: Record<string, { name: string }> = {};
      for (const role of PLAYGROUND_ROLES) people[role] = { name: (await userFor(services, role))?.displayName ?? role };
      const label = (list: { id: string; ja: string; en: string }[]) => Object.fromEntries(list.map((x) => [x.id, { ja: x.ja, en: x.en }]));
      return {
        defaultLang: options.defaultLang,
        tenant: (await services.directory.getTenant(options.tenantId))?.name ?? options.tenantId,
        people,
        labels: { severity: label(taxonomy.severities), category: label(taxonomy.categories) },
        strings: playgroundStrings(),
        serverTime: new Date().toISOString(),
      };
    });

    scope.get('/playground/api/staff/threads', async (_req, reply) => {
      const user = await userFor(services, 'staff');
      if (!user) return reply.code(404).send({ error: 'no demo staff' });
      return { threads: await staffThreads(services, user) };
    });

    scope.get<{ Params: { id: string } }>('/playground/api/staff/threads/:id', async (req, reply) => {
      const user = await userFor(services, 'staff');
      if (!user || !CLIENT_ID.test(req.params.id)) return reply.code(404).send({ error: 'not found' });
      const c = await services.cases.findByThread(staffThreadRef(req.params.id));
      // A thread nobody wrote in yet is simply empty; someone else's case is not shown.
      if (!c || c.askerUserId !== user.id || c.threadRef !== staffThreadRef(req.params.id)) return { case: null, entries: [] };
      return {
        case: { number: c.number, state: c.state, severity: c.severity, category: c.category, lang: c.lang },
        entries: await askerThread(services, c),
      };
    });

    scope.get('/playground/api/responder/queue', async (_req, reply) => {
      const user = await userFor(services, 'responder');
      if (!user) return reply.code(404).send({ error: 'no demo responder' });
      return { serverTime: new Date().toISOString(), ...(await responderQueue(services, user)), onCall: await responderOnCall(services, user) };
    });

    scope.get<{ Params: { number: string } }>('/playground/api/responder/cases/:number', async (req, reply) => {
      const user = await userFor(services, 'responder');
      const c = /^OT-\d{1,12}$/i.test(req.params.number) ? await services.cases.findByNumber(req.params.number) : null;
      if (!user || !c || !(await responderMaySee(services, user, c))) return reply.code(404).send({ error: 'not found' });
      return responderCaseView(services, c);
    });

    scope.get('/playground/api/admin/articles', async (_req, reply) => {
      if (!isAdmin(await userFor(services, 'admin'))) return reply.code(403).send({ error: 'admins only' });
      const articles = await services.kb.list();
      const due = new Set((await services.kb.due()).map((d) => d.slug));
      return {
        articles: articles.map((a) => ({
          slug: a.slug,
          lang: a.lang,
          title: a.title,
          status: a.status,
          version: a.version,
          category: a.category,
          changedAt: a.changedAt.toISOString(),
          reviewed: a.reviewed ?? null,
          // Due for a check against its sources (published, reviewed over 12 months ago or never): `kb due`.
          reviewDue: due.has(a.slug),
        })),
      };
    });

    scope.get<{ Params: { slug: string } }>('/playground/api/admin/articles/:slug', async (req, reply) => {
      if (!isAdmin(await userFor(services, 'admin'))) return reply.code(403).send({ error: 'admins only' });
      if (!/^[a-z0-9-]{2,100}$/.test(req.params.slug)) return reply.code(404).send({ error: 'not found' });
      const article = await services.kb.show(req.params.slug).catch(() => null);
      if (!article) return reply.code(404).send({ error: 'not found' });
      const history = await services.kb.history(article.slug);
      return {
        slug: article.slug,
        lang: article.lang,
        title: article.title,
        status: article.status,
        version: article.version,
        markdown: services.kb.toMarkdown(article),
        // The person's name, not the id the version row records (`web:local-admin`).
        history: await Promise.all(
          history.map(async (v) => ({ version: v.version, status: v.status, title: v.title, author: await authorName(services, v.author), note: v.note, at: v.createdAt.toISOString() })),
        ),
      };
    });

    // Drafts of published articles: preview, diff, publish as a separate press (issue #19).
    mountArticleDraftRoutes(scope, services, () => userFor(services, 'admin'));

    // The admin's own company's consent to the language model (issue #22).
    mountLlmConsentRoutes(scope, services, () => userFor(services, 'admin'), options.llmProvider ?? null);

    // The admin's own company's alert sources and "send a test alert" (issue #20).
    if (options.alertSecrets) mountAlertAdminRoutes(scope, services, () => userFor(services, 'admin'), options.alertSecrets, () => userFor(services, 'staff'));

    // Questions a rate limit held, of the admin's own company only (another company's are "not found").
    scope.get('/playground/api/admin/held', async (_req, reply) => {
      const admin = await userFor(services, 'admin');
      if (!isAdmin(admin) || !admin?.tenantId) return reply.code(403).send({ error: 'admins only' });
      const held = await listHeld(services.db, { tenantId: admin.tenantId, status: 'all', limit: 100 });
      return { held: held.map(heldView) };
    });

    scope.post<{ Params: { id: string; action: string } }>('/playground/api/admin/held/:id/:action', async (req, reply) => {
      const admin = await userFor(services, 'admin');
      if (!isAdmin(admin) || !admin?.tenantId) return reply.code(403).send({ error: 'admins only' });
      const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : 0;
      let change: HeldChange;
      if (req.params.action === 'answer') {
        const queued = await queueHeldAnswer(services.db, services.jobs, id, admin.id, admin.tenantId);
        // Handed to the queue now; if that fails the job stays pending for the sweep.
        if (queued.ok && queued.spec) await services.jobs.dispatch([queued.spec]);
        change = queued;
      } else if (req.params.action === 'dismiss') {
        change = await dismissHeld(services.db, id, admin.id, undefined, admin.tenantId);
      } else {
        return reply.code(404).send({ error: 'not found' });
      }
      if (!change.ok) {
        if (change.reason === 'not_found') return reply.code(404).send({ error: 'not found' });
        return reply.code(409).send({ error: 'already handled', held: heldView(change.held) });
      }
      return { held: heldView(change.held) };
    });

    scope.post('/playground/api/inbound', async (req, reply) => {
      const parsed = inboundSchema.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      const input = parsed.data;
      if (!mayWriteTo(input.role, input.thread)) return reply.code(400).send({ error: 'invalid', problems: ['thread: not a thread this role writes in'] });
      const base = {
        channel: 'web',
        deliveryKey: `web:${input.role}:${input.key}`,
        identity: identityFor(input.role),
        threadRef: input.thread,
      };
      let inbound: Inbound;
      if (input.kind === 'message') inbound = { ...base, kind: 'message', text: input.text, langHint: input.lang, private: true };
      else if (input.kind === 'action') inbound = { ...base, kind: 'action', actionId: input.actionId, value: input.value, form: input.form };
      else inbound = { ...base, kind: 'command', command: input.command, args: input.args.filter(Boolean), body: input.body };
      return { deliveries: await adapter.receive(inbound) };
    });
  });
}

function userFor(services: HandlerServices, role: PlaygroundRole): Promise<User | null> {
  return services.directory.findByIdentity(identityFor(role));
}

/** A held question as the admin view shows it (no thread reference: that is the platform's business). */
function heldView(h: HeldQuestion) {
  return {
    id: h.id,
    at: h.at.toISOString(),
    userName: h.userName ?? h.userId,
    channel: h.channel,
    severity: h.severity,
    scope: h.scope,
    text: h.text,
    status: h.status,
    handledAt: h.handledAt?.toISOString() ?? null,
    caseNumber: h.caseNumber,
  };
}

function isAdmin(user: User | null): boolean {
  return !!user?.roles.includes('admin');
}

/** Why a request may not reach the playground, or null when it may. */
function guard(req: FastifyRequest, loopbackOnly: boolean, auth?: Credentials): { code: number; error: string } | null {
  const host = req.headers.host ?? '';
  // On localhost there is no login: a page of another site must not reach it through a name that resolves here.
  if (loopbackOnly && !isLoopbackHost(host.replace(/:\d+$/, ''))) return { code: 421, error: 'this playground only answers on its loopback address' };
  if (auth && !basicAuthMatches(req.headers.authorization, auth)) return { code: 401, error: 'unauthorized' };
  if (req.method === 'POST') {
    // A custom header makes any cross-site POST a preflighted request, which this server never allows.
    if (req.headers['x-otasuke-playground'] !== '1') return { code: 403, error: 'missing x-otasuke-playground header' };
    const origin = req.headers.origin;
    if (origin && safeHost(origin) !== host) return { code: 403, error: 'cross-origin request refused' };
  }
  return null;
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
