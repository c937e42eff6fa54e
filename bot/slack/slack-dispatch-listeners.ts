import type { User } from '../../handlers/directory/directory-types.js';
import { dispatchFormDefaults, mayAnswerDispatch, mayRequestDispatch } from '../../handlers/dispatch/dispatch-actions.js';
import { DISPATCH_DONE_ACTION, DISPATCH_ETA_ACTION, DISPATCH_REQUEST_ACTION } from '../../handlers/dispatch/dispatch-card.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { SlackAdapter } from './slack-adapter.js';
import {
  DISPATCH_DONE_CALLBACK,
  DISPATCH_ETA_CALLBACK,
  DISPATCH_REQUEST_CALLBACK,
  dispatchDoneModal,
  dispatchEtaModal,
  dispatchRequestModal,
  parseDispatchSubmission,
} from './slack-dispatch-modals.js';
import type { submitCaseForm as SubmitCaseForm } from './slack-listeners.js';
import type { ResolveMeta, SubmittedView } from './slack-modals.js';

/*
 * The on-site dispatch forms of the Slack app (README "On-site dispatch"): which button opens
 * which modal, for whom, and the submissions handed to the core as the button's action with the
 * form's fields (the core checks them again).
 */

/**
 * Opens the dispatch form a press calls for, when the presser may fill it: the request form for a
 * responder (preset from the company's profile), the ETA and end-of-work forms for a member of the
 * dispatch group the request is with. False when no form was opened (the press goes to the core,
 * which acts or refuses).
 */
export async function openDispatchForm(
  adapter: SlackAdapter,
  press: { actionId: string; meta: ResolveMeta; user: User | null; lang: Lang; team: string; triggerId: string },
): Promise<boolean> {
  const { actionId, meta, user, lang, team, triggerId } = press;
  let view;
  if (actionId === DISPATCH_REQUEST_ACTION && user?.roles.includes('responder')) {
    // The form shows the company's address and contact: only to a responder of the case's own group
    // (a technician or another group's responder with a forged press gets the core's refusal).
    const c = await adapter.deps.services.cases.findByNumber(meta.n);
    if (c && (await mayRequestDispatch(adapter.deps.services, c, user))) {
      view = dispatchRequestModal(lang, { ...meta, n: c.number }, await dispatchFormDefaults(adapter.deps.services, c));
    }
  } else if ((actionId === DISPATCH_ETA_ACTION || actionId === DISPATCH_DONE_ACTION) && user && (await mayAnswerDispatch(adapter.deps.services, meta.n, user.id))) {
    view = actionId === DISPATCH_ETA_ACTION ? dispatchEtaModal(lang, meta) : dispatchDoneModal(lang, meta);
  }
  if (!view) return false;
  await adapter.clients.call(team, (cl) => cl.views.open({ trigger_id: triggerId, view }));
  return true;
}

/** The three dispatch forms' submissions: checked (metadata, offered options, required fields), then handed to the core. */
export function registerDispatchViews(adapter: SlackAdapter, submit: typeof SubmitCaseForm): void {
  const actions: Record<string, string> = { [DISPATCH_REQUEST_CALLBACK]: DISPATCH_REQUEST_ACTION, [DISPATCH_ETA_CALLBACK]: DISPATCH_ETA_ACTION, [DISPATCH_DONE_CALLBACK]: DISPATCH_DONE_ACTION };
  for (const [callback, actionId] of Object.entries(actions)) {
    adapter.bolt.app.view(callback, async ({ ack, view, body, context }) => {
      const parsed = parseDispatchSubmission(view as unknown as SubmittedView);
      const missing = !parsed ? undefined : callback === DISPATCH_REQUEST_CALLBACK && !parsed.form.address ? 'address' : callback === DISPATCH_ETA_CALLBACK && !parsed.form.eta ? 'eta' : undefined;
      await submit(adapter, { ack, view, body, context }, parsed && { meta: parsed.meta, actionId, form: parsed.form }, {
        missing: missing ? { field: missing, key: 'modal.dispatch.empty' } : undefined,
        what: 'dispatch form',
      });
    });
  }
}
