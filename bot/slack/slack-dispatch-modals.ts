import type { types } from '@slack/bolt';
import type { Lang } from '../../knowledge/text/normalize.js';
import { escapeMrkdwn } from './block-kit-renderer.js';
import { isRef, metadata, plain, readMetadata, type ResolveMeta, type SubmittedView } from './slack-modals.js';
import { t, type KeysOf } from '../../core/i18n/t.js';

/*
 * The on-site dispatch forms (README "On-site dispatch"): the request behind 「駆けつけ依頼」 on the
 * case card (address and contact preset from the company's profile), the ETA and the end of the
 * work behind the dispatch post's buttons. Pure builders and parsers; the core checks every
 * submission again (who may, in which state), so a forged one changes nothing.
 */

export const DISPATCH_REQUEST_CALLBACK = 'otasuke.dispatch.request';
export const DISPATCH_ETA_CALLBACK = 'otasuke.dispatch.eta';
export const DISPATCH_DONE_CALLBACK = 'otasuke.dispatch.done';

const TITLE_LIMIT = 24;
const FIELD_LIMIT = 1000;

type Input = { id: string; label: KeysOf<'dispatch'>; optional?: boolean; multiline?: boolean; initial?: string; placeholder?: KeysOf<'dispatch'> };

function input(lang: Lang, f: Input): types.InputBlock {
  return {
    type: 'input',
    block_id: f.id,
    optional: !!f.optional,
    label: plain(t(lang, `dispatch.${f.label}`), 2000),
    element: {
      type: 'plain_text_input',
      action_id: f.id,
      multiline: !!f.multiline,
      max_length: FIELD_LIMIT,
      ...(f.initial ? { initial_value: f.initial.slice(0, FIELD_LIMIT) } : {}),
      ...(f.placeholder ? { placeholder: plain(t(lang, `dispatch.${f.placeholder}`), 150) } : {}),
    },
  };
}

function modal(lang: Lang, callback: string, meta: ResolveMeta, title: KeysOf<'dispatch'>, submit: KeysOf<'dispatch'>, blocks: types.KnownBlock[]): types.ModalView {
  return {
    type: 'modal',
    callback_id: callback,
    private_metadata: metadata(meta),
    title: plain(t(lang, `dispatch.${title}`), TITLE_LIMIT),
    submit: plain(t(lang, `dispatch.${submit}`), TITLE_LIMIT),
    close: plain(t(lang, 'slack.modal.close'), TITLE_LIMIT),
    blocks,
  };
}

/** The request form: address and on-site contact preset (editable), time slots, remote first or on site, what to bring, notes. */
export function dispatchRequestModal(lang: Lang, meta: ResolveMeta, defaults: { address: string; contact: string }): types.ModalView {
  const option = (value: string, key: KeysOf<'dispatch'>) => ({ text: plain(t(lang, `dispatch.${key}`), 75), value });
  const approaches = [option('onsite', 'post.onsite'), option('remote', 'post.remoteFirst')];
  return modal(lang, DISPATCH_REQUEST_CALLBACK, meta, 'form.title', 'form.submit', [
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t(lang, 'dispatch.form.intro', { number: meta.n })) } },
    input(lang, { id: 'address', label: 'form.address', multiline: true, initial: defaults.address }),
    input(lang, { id: 'contact', label: 'form.contact', optional: true, initial: defaults.contact }),
    input(lang, { id: 'slots', label: 'form.slots', optional: true, placeholder: 'form.slotsHint' }),
    {
      type: 'input',
      block_id: 'remote',
      label: plain(t(lang, 'dispatch.form.remote'), 2000),
      element: { type: 'static_select', action_id: 'remote', options: approaches, initial_option: approaches[0]! },
    },
    input(lang, { id: 'bring', label: 'form.bring', optional: true }),
    input(lang, { id: 'notes', label: 'form.notes', optional: true, multiline: true }),
  ]);
}

/** The ETA form behind 「到着予定を知らせる」. */
export function dispatchEtaModal(lang: Lang, meta: ResolveMeta): types.ModalView {
  return modal(lang, DISPATCH_ETA_CALLBACK, meta, 'form.etaTitle', 'form.etaSubmit', [input(lang, { id: 'eta', label: 'form.etaLabel' })]);
}

/** The end of the work behind 「作業完了」: hours on site (blank: from the arrival), cost (blank: hours × the group's rate), a note. */
export function dispatchDoneModal(lang: Lang, meta: ResolveMeta): types.ModalView {
  return modal(lang, DISPATCH_DONE_CALLBACK, meta, 'form.doneTitle', 'form.doneSubmit', [
    input(lang, { id: 'hours', label: 'form.hours', optional: true }),
    input(lang, { id: 'cost', label: 'form.cost', optional: true }),
    input(lang, { id: 'note', label: 'form.doneNote', optional: true, multiline: true }),
  ]);
}

/** A submitted dispatch form: its metadata checked (a case number for the request, a request id otherwise) and its fields. */
export function parseDispatchSubmission(view: SubmittedView): { meta: ResolveMeta; form: Record<string, string> } | null {
  const meta = readMetadata(view.private_metadata);
  if (!meta || typeof meta.n !== 'string' || typeof meta.r !== 'string' || !isRef(meta.r)) return null;
  const request = view.callback_id === DISPATCH_REQUEST_CALLBACK;
  if (!(request ? /^OT-\d{1,12}$/i : /^\d{1,12}$/).test(meta.n)) return null;
  const fields = request ? ['address', 'contact', 'slots', 'bring', 'notes'] : view.callback_id === DISPATCH_ETA_CALLBACK ? ['eta'] : ['hours', 'cost', 'note'];
  const form: Record<string, string> = {};
  for (const f of fields) form[f] = (view.state.values[f]?.[f]?.value ?? '').trim();
  if (request) {
    const remote = view.state.values.remote?.remote?.selected_option?.value ?? 'onsite';
    // Only the options the form offered.
    if (remote !== 'onsite' && remote !== 'remote') return null;
    form.remote = remote;
  }
  return { meta: { n: meta.n, r: meta.r, ...(typeof meta.u === 'string' ? { u: meta.u } : {}) }, form };
}
