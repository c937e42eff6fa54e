import type { DirectoryStore } from '../../handlers/directory/directory-store.js';
import type { User } from '../../handlers/directory/directory-types.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Logger } from '../../core/logger.js';
import type { SlackWorkspace } from './installation-store.js';
import { identityOf, userIdOf } from './slack-ids.js';
import type { SlackClients } from './slack-web-client.js';

interface SlackUserInfo {
  id?: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  locale?: string;
  profile?: { display_name?: string; real_name?: string };
}

/**
 * Who a Slack user is in the directory. Someone writing from an installed
 * workspace for the first time becomes a staff member of that workspace's
 * tenant, with the display name and language Slack knows (users.info with
 * locale), which is what people expect of an app their company installed.
 * Roles beyond staff (responder, admin) are granted in the directory, never
 * taken from Slack.
 */
export class SlackPeople {
  constructor(
    private readonly directory: DirectoryStore,
    private readonly clients: SlackClients,
    private readonly logger: Logger,
    private readonly defaultLang: Lang,
  ) {}

  /** The registered user, registering them first when their workspace is installed; null otherwise. */
  async ensure(team: string, slackUserId: string, workspace: SlackWorkspace | null): Promise<User | null> {
    const identity = identityOf(team, slackUserId);
    const known = await this.directory.findByIdentity(identity);
    if (known) return known;
    // A workspace that is not installed, or a person from another workspace in a shared channel: not ours to register.
    const orgWide = workspace?.teamId.startsWith('E') ?? false;
    if (!workspace?.installed || (workspace.teamId !== team && !orgWide)) return null;
    let info: SlackUserInfo | undefined;
    try {
      const r = await this.clients.call(team, (c) => c.users.info({ user: slackUserId, include_locale: true }));
      info = r.user as SlackUserInfo | undefined;
    } catch (err) {
      // Without users.info the person is still registered, under their id; the name can be fixed later.
      this.logger.warn({ team, user: slackUserId, err: (err as Error).message }, 'users.info failed; registering without a display name');
    }
    if (info && (info.deleted || info.is_bot || (info.team_id && info.team_id !== team && !orgWide))) return null;
    const displayName = info?.profile?.display_name || info?.profile?.real_name || info?.real_name || info?.name || slackUserId;
    const lang: Lang = info?.locale ? (info.locale.toLowerCase().startsWith('ja') ? 'ja' : 'en') : this.defaultLang;
    const user: User = { id: userIdOf(team, slackUserId), tenantId: workspace.tenantId, displayName, roles: ['staff'], lang };
    await this.directory.upsertUser(user, [identity]);
    // Two first messages at once both register; whichever wrote last, the identity now resolves.
    const registered = (await this.directory.findByIdentity(identity)) ?? user;
    this.logger.info({ team, user: slackUserId, tenant: workspace.tenantId }, 'registered a new Slack user as staff');
    return registered;
  }

  /** The registered user behind a Slack user, without registering anyone. */
  find(team: string, slackUserId: string): Promise<User | null> {
    return this.directory.findByIdentity(identityOf(team, slackUserId));
  }
}
