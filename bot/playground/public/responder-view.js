/* Otasuke Bot playground, part 4 of 6: the responder console (queue with severity and re-notify countdown, the case card, relay, resolve, report). */
/* global document, window, localStorage */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { state, $, h, s, label, jst, duration, now, toast, api, send, notesFrom, inOrder, withBusy, renderCard, merged, renderMessages, patchChildren } = P;
  // Polls, pushes and presses all load the queue and the open case; each is drawn newest-asked last.
  const queue = inOrder();
  const caseView = inOrder();

  // ---------- responder ----------

  const responder = {
    async loadQueue() {
      const data = await queue(() => api('/responder/queue'));
      if (!data) return;
      state.clockSkew = new Date(data.serverTime).getTime() - Date.now();
      const json = JSON.stringify({ w: data.waiting, r: data.recent, o: state.responder.open, l: state.lang, c: data.onCall });
      if (json === state.responder.queueLast) return;
      state.responder.queueLast = json;
      const row = (q, recent) =>
        h('li', {}, [
          h(
            'div',
            {
              className: `item queue-item${q.number === state.responder.open ? ' active' : ''}`,
              role: 'button',
              tabindex: '0',
              dataset: { number: q.number, state: q.state },
              onclick: () => responder.open(q.number),
              onkeydown: (ev) => (ev.key === 'Enter' ? responder.open(q.number) : undefined),
            },
            [
              h('span', { className: 'item-head' }, [
                h('span', { className: `badge small sev-${q.severity}`, text: label('severity', q.severity) }),
                h('strong', { text: q.number }),
                h('span', { className: 'muted', text: `${q.tenant} · ${label('category', q.category)}` }),
                !recent && q.state === 'escalated'
                  ? h('button', {
                      type: 'button',
                      className: 'primary small claim',
                      text: s('responder.claim'),
                      onclick: (ev) => {
                        ev.stopPropagation();
                        responder.act({ actionId: 'case.claim', value: q.number }, ev.currentTarget.closest('.item'));
                      },
                    })
                  : null,
              ]),
              h('span', { className: 'item-text', text: q.question }),
              recent
                ? h('span', { className: `chip state-${q.state}`, text: s(`state.${q.state}`) })
                : h('span', { className: 'sla' }, [
                    h('span', { text: q.state === 'claimed' ? s('responder.heldBy', { name: q.assignee || '—' }) : s('responder.waiting', { tier: q.tier }) }),
                    ' · ',
                    h('span', {
                      className: 'countdown',
                      dataset: { deadline: q.renotifyAt || '', since: q.escalatedAt || '' },
                    }),
                  ]),
            ],
          ),
        ]);
      // Rows that did not change keep their elements (a claim pressed during a poll stays pressed).
      const rows = (list, recent) =>
        list.map((q) => ({ key: q.number, sig: JSON.stringify([q, state.responder.open, state.lang]), render: () => row(q, recent) }));
      patchChildren($('queue-list'), data.waiting.length ? rows(data.waiting, false) : [{ key: 'empty', sig: state.lang, render: () => h('li', { className: 'muted', text: s('responder.emptyQueue') }) }]);
      patchChildren($('recent-list'), rows(data.recent, true));
      $('recent-title').hidden = data.recent.length === 0;
      // Who is on call now and whether the desk is open (office hours), above the queue.
      let onCall = document.getElementById('oncall-now');
      if (!onCall) {
        onCall = h('p', { className: 'muted', id: 'oncall-now' });
        $('queue-list').before(onCall);
      }
      onCall.textContent = ((data.onCall && data.onCall[state.lang]) || []).join(' · ');
      responder.tick();
    },
    /** Re-notify countdowns (waiting cases) and time since escalation (claimed ones), every second. */
    tick() {
      for (const el of document.querySelectorAll('.countdown')) {
        const deadline = el.dataset.deadline;
        if (deadline) {
          const left = new Date(deadline).getTime() - now();
          el.textContent = left >= 0 ? s('responder.remaining', { time: duration(left) }) : s('responder.overdue', { time: duration(-left) });
          el.classList.toggle('overdue', left < 0);
        } else if (el.dataset.since) {
          el.textContent = s('responder.elapsed', { time: duration(now() - new Date(el.dataset.since).getTime()) });
        }
      }
    },
    open(number) {
      state.responder.open = number;
      state.responder.notes = [];
      state.responder.last = '';
      state.responder.queueLast = '';
      localStorage.setItem('otasuke.playground.case', number);
      responder.loadQueue();
      responder.load();
    },
    async load() {
      const open = state.responder.open;
      if (!open) return;
      let data;
      try {
        data = await caseView(() => api(`/responder/cases/${open}`));
      } catch {
        if (open !== state.responder.open) return;
        state.responder.open = null;
        $('case-detail').hidden = true;
        $('case-empty').hidden = false;
        return;
      }
      // Dropped: a newer load was drawn already, or another case was opened meanwhile.
      if (!data || open !== state.responder.open) return;
      const json = JSON.stringify(data) + state.lang + state.responder.notes.length;
      if (json === state.responder.last) return;
      state.responder.last = json;
      state.responder.view = data;
      $('case-empty').hidden = true;
      $('case-detail').hidden = false;
      // Drawn again only when the card itself changed (not for a new timeline line).
      patchChildren($('case-card'), [{ key: 'card', sig: JSON.stringify([data.card, state.lang]), render: () => renderCard(data.card, responder.press) }]);
      // The on-site request as its dispatch group's post shows it (the demo responder answers it too).
      $('dispatch-box').hidden = !data.dispatchPost;
      patchChildren(
        $('dispatch-post'),
        data.dispatchPost ? [{ key: 'dispatch', sig: JSON.stringify([data.dispatchPost, state.lang]), render: () => renderCard(data.dispatchPost, responder.press) }] : [],
      );
      const list = merged(data.conversation, state.responder.notes);
      const box = $('case-messages');
      if (list.length) renderMessages(box, list, responder.press);
      else box.replaceChildren(h('p', { className: 'muted', text: s('responder.noConversation') }));
      $('case-timeline').replaceChildren(
        ...data.timeline.map((e) => h('li', {}, [h('time', { text: jst(e.at, true), datetime: e.at }), h('span', { className: 'who', text: `${e.actor} (${e.role})` }), h('span', { text: e.text })])),
      );
    },
    thread() {
      const v = state.responder.view;
      return v && v.responderThreadRef && v.responderThreadRef.startsWith('web:responders:') ? v.responderThreadRef : 'web:responders';
    },
    press(button, cardEl) {
      if (button.actionId === 'case.resolve') return responder.askSummary(button.value);
      if (button.actionId === 'case.reclassify') return responder.askCorrection(button.value);
      if (button.actionId === 'dispatch.request') return responder.askDispatch(button.value);
      if (button.actionId === 'dispatch.eta' || button.actionId === 'dispatch.done') return responder.askDispatchStep(button.actionId, button.value);
      if (button.actionId.startsWith('dispatch.')) return responder.dispatchAct(button.actionId, button.value, undefined, cardEl);
      return responder.act(button, cardEl);
    },
    /** The on-site request form, preset from the company's profile (editable). */
    askDispatch(number) {
      const v = state.responder.view || {};
      const defaults = v.dispatchForm || { address: '', contact: '' };
      $('dispatch-title').textContent = s('responder.dispatchTitle', { number });
      $('dispatch-address').value = defaults.address;
      $('dispatch-contact').value = defaults.contact;
      for (const id of ['dispatch-slots', 'dispatch-bring', 'dispatch-notes']) $(id).value = '';
      $('dispatch-remote').value = 'onsite';
      $('dispatch-dialog').dataset.number = number;
      $('dispatch-dialog').showModal();
      $('dispatch-address').focus();
    },
    /** The ETA or end-of-work form of a dispatch post's button (value: the request's id). */
    askDispatchStep(actionId, value) {
      const eta = actionId === 'dispatch.eta';
      $('dispatch-step-title').textContent = s(eta ? 'responder.dispatchEtaTitle' : 'responder.dispatchDoneTitle');
      $('dispatch-eta-fields').hidden = !eta;
      $('dispatch-done-fields').hidden = eta;
      $('dispatch-eta').required = eta;
      for (const id of ['dispatch-eta', 'dispatch-hours', 'dispatch-cost', 'dispatch-note']) $(id).value = '';
      $('dispatch-step-dialog').dataset.actionId = actionId;
      $('dispatch-step-dialog').dataset.value = value;
      $('dispatch-step-dialog').showModal();
      $(eta ? 'dispatch-eta' : 'dispatch-hours').focus();
    },
    /** A dispatch press or form: answered in the case's responder thread; refusals are kept as notes. */
    async dispatchAct(actionId, value, form, el) {
      await withBusy(el, async () => {
        const deliveries = await send('responder', { kind: 'action', thread: responder.thread(), actionId, value, ...(form ? { form } : {}) });
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || (d.to.startsWith('web:responders') && !d.replace && !d.card.buttons)), true));
        state.responder.last = '';
        state.responder.queueLast = '';
        await Promise.all([responder.loadQueue(), responder.load()]);
      });
    },
    async act(button, el) {
      await withBusy(el, async () => {
        const other = button.value !== state.responder.open;
        const thread = other ? 'web:responders' : responder.thread();
        const deliveries = await send('responder', { kind: 'action', thread, actionId: button.actionId, value: button.value });
        if (other) {
          // Claiming from the queue opens that case.
          state.responder.open = button.value;
          state.responder.notes = [];
          localStorage.setItem('otasuke.playground.case', button.value);
        }
        // Refusals ("already claimed") and acknowledgements ("released", "draft saved") the conversation does not hold.
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || (d.to.startsWith('web:responders') && !d.replace && !d.card.buttons)), true));
        state.responder.last = '';
        state.responder.queueLast = '';
        await Promise.all([responder.loadQueue(), responder.load()]);
      });
    },
    askSummary(number) {
      $('resolve-title').textContent = s('responder.resolveTitle', { number });
      $('resolve-summary').value = '';
      $('resolve-dialog').dataset.number = number;
      $('resolve-dialog').showModal();
      $('resolve-summary').focus();
    },
    askCorrection(number) {
      const v = state.responder.view || {};
      const options = (kind, current) =>
        Object.keys(state.boot.labels[kind]).map((id) => {
          const o = h('option', { value: id, text: label(kind, id) });
          o.selected = id === current;
          return o;
        });
      $('reclassify-title').textContent = s('responder.reclassifyTitle', { number });
      $('reclassify-severity').replaceChildren(...options('severity', v.severity));
      $('reclassify-category').replaceChildren(...options('category', v.category));
      $('reclassify-reason').value = '';
      $('reclassify-dialog').dataset.number = number;
      $('reclassify-dialog').showModal();
      $('reclassify-reason').focus();
    },
    async reclassify(number, form) {
      await withBusy($('reclassify-form'), async () => {
        const deliveries = await send('responder', { kind: 'action', thread: responder.thread(), actionId: 'case.reclassify', value: number, form });
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || (d.to.startsWith('web:responders') && !d.replace && !d.card.buttons)), true));
        state.responder.last = '';
      });
      $('reclassify-dialog').close();
      await responder.load();
    },
    async resolve(number, summary) {
      await withBusy($('resolve-form'), async () => {
        const deliveries = await send('responder', {
          kind: 'action',
          thread: responder.thread(),
          actionId: 'case.resolve',
          value: number,
          form: { summary },
        });
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || (d.to.startsWith('web:responders') && !d.replace && !d.card.buttons)), true));
        state.responder.last = '';
        state.responder.queueLast = '';
      });
      $('resolve-dialog').close();
      await Promise.all([responder.loadQueue(), responder.load()]);
    },
    async reply(text) {
      const v = state.responder.view;
      if (!v) return;
      await withBusy($('case-form'), async () => {
        const thread = responder.thread();
        // `legal …` / `insurer …` typed in the case box are the legal-clock commands of the open case
        // (awareness time, 不正目的, filed, drafts; README "Legal clocks and insurance"), not a reply.
        const legal = /^(legal|insurer)(?:\s+(.*))?$/s.exec(text.trim());
        // In the case's own thread a message is a reply; otherwise the text command says which case.
        const payload = legal
          ? { kind: 'command', thread, command: legal[1], args: [v.number, ...(legal[2] || '').split(/\s+/).filter((a) => a && a !== v.number)] }
          : thread === 'web:responders'
            ? { kind: 'command', thread, command: 'reply', args: [v.number], body: text }
            : { kind: 'message', thread, text, lang: state.lang };
        const deliveries = await send('responder', payload);
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || d.file || (legal && !d.replace)), !!legal));
        $('case-input').value = '';
        state.responder.last = '';
        await responder.load();
      });
    },
    async report(format) {
      const v = state.responder.view;
      if (!v) return;
      await withBusy(document.querySelector('.report-bar'), async () => {
        const deliveries = await send('responder', { kind: 'command', thread: responder.thread(), command: 'report', args: [v.number, format] });
        state.responder.notes.push(...notesFrom(deliveries.filter((d) => d.senderOnly || d.file)));
        state.responder.last = '';
        await responder.load();
      });
    },
    onPush(p) {
      if (!P.visible('responder')) return undefined;
      const card = p.card || {};
      const isNewCard = !p.replace && (card.buttons || []).some((b) => b.actionId === 'case.claim');
      if (isNewCard) {
        const title = (card.blocks || []).find((b) => b.kind === 'text');
        toast(s('responder.newCase', { text: title ? title.text : '' }), 'alert');
      }
      return Promise.all([responder.loadQueue(), responder.load()]);
    },
  };

  P.responder = responder;
})();
