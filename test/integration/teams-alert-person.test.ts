import { AlertSecrets, sign } from '../../bot/alerts/alert-secrets.js';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import { CUSTOMER_AAD, PEOPLE } from '../helpers/teams-activities.js';
import { startTeamsApp, TENANT, until, USER_IDS, type TeamsTestApp } from '../helpers/teams-app.js';
import { visibleText } from '../helpers/teams-connector-stand-in.js';

/**
 * Issue #20, "the person at the machine", on Teams: a device alert names PC-023, the directory
 * maps it to a person whose chat is Teams, and the bot messages them in a personal chat it
 * opens through the Bot Framework connector (the local stand-in): the first aid, then the
 * intake questions below it; the case's thread becomes that chat.
 */
describe('a device alert on Teams: the person at the machine is messaged in their personal chat', () => {
  let s: TeamsTestApp;
  const secret = AlertSecrets.generate('hmac');
  beforeAll(async () => {
    s = await startTeamsApp();
    const sources = new AlertSourceStore(s.app.db);
    await sources.add({ id: 'sakura-edr', tenantId: TENANT.id, name: 'EDR', kind: 'generic', auth: 'hmac', secret: new AlertSecrets().store('hmac', secret), contactUserId: USER_IDS.admin });
    await sources.mapSubject(TENANT.id, 'host', 'PC-023', USER_IDS.admin);
  });
  afterAll(async () => s?.stop());

  it('opens a personal chat with them, posts the first aid and the intake questions there, and makes it the case thread', async () => {
    const body = JSON.stringify({ id: 'teams-alert-1', rule: 'c2-beacon', title: 'Suspicious outbound connection', severity: 'high', host: 'PC-023' });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${s.base}/api/alerts/sakura-edr`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-otasuke-timestamp': ts, 'x-otasuke-signature': `v1=${sign(secret, ts, body)}` },
    });
    expect(res.status).toBe(202);
    const number = ((await res.json()) as { cases: { number: string }[] }).cases[0]!.number;

    // The connector is asked for the 1:1 chat of that person in their organisation.
    const created = await until(() => s.standIn.calls.find((c) => c.kind === 'create'));
    expect(created.activity).toMatchObject({ isGroup: false, members: [{ id: PEOPLE.admin.aadObjectId }], tenantId: CUSTOMER_AAD, channelData: { tenant: { id: CUSTOMER_AAD } } });
    const chat = `19:created-${created.newId}@thread.tacv2`;
    const c = await until(async () => {
      const found = await s.app.services.cases.findByNumber(number);
      return found?.threadRef.startsWith('teams:') ? found : null;
    });
    const messages = await until(() => (s.standIn.messagesIn(chat).length >= 2 ? s.standIn.messagesIn(chat) : null));
    const [firstAid, intake] = messages;
    expect(firstAid!.kind).toBe('send');
    // In Japanese (the person's language): what was seen on which machine, and what to do first.
    expect(visibleText(firstAid!.activity)).toContain('PC-023');
    expect(visibleText(firstAid!.activity)).toContain(number);
    // The intake questions come below the first aid, in the same chat.
    expect(intake!.kind).toBe('reply');
    expect(intake!.activityId).toBe(firstAid!.newId);
    expect(c.threadRef).toBe(`teams:${chat};messageid=${firstAid!.newId}`);
    expect(c.channel).toBe('teams');
    const events = await s.app.services.cases.events(c.id);
    expect(events.find((e) => e.type === 'alert_person_notified')?.data).toMatchObject({ userId: USER_IDS.admin, platform: 'teams', asContact: false });
    expect(events.some((e) => e.type === 'alert_person_unreachable')).toBe(false);
  });
});
