/* Otasuke Bot playground, part 3 of 6: the staff chat (ask, follow up, press the buttons of the answers). */
/* global window, localStorage */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { state, $, h, randomId, s, label, api, send, notesFrom, inOrder, withBusy, merged, renderMessages } = P;
  // Polls, pushes and presses all load the conversation and the list; each is drawn newest-asked last.
  const conversation = inOrder();
  const threadList = inOrder();

  // ---------- staff ----------

  const staff = {
    ref() {
      return `web:staff:${state.staff.thread}`;
    },
    newThread() {
      state.staff.thread = randomId();
      state.staff.notes = [];
      state.staff.last = '';
      localStorage.setItem('otasuke.playground.thread', state.staff.thread);
      staff.render({ case: null, entries: [] });
      staff.loadThreads();
      $('staff-input').focus();
    },
    async loadThreads() {
      const data = await threadList(() => api('/staff/threads'));
      if (!data) return;
      const json = JSON.stringify(data) + state.lang + state.staff.thread;
      if (json === state.staff.threadsLast) return;
      state.staff.threadsLast = json;
      const list = $('staff-threads');
      if (!data.threads.length) return list.replaceChildren(h('li', { className: 'muted', text: s('staff.noThreads') }));
      list.replaceChildren(
        ...data.threads.map((t) => {
          const id = t.thread.slice('web:staff:'.length);
          return h('li', {}, [
            h(
              'button',
              {
                type: 'button',
                className: `item${id === state.staff.thread ? ' active' : ''}`,
                dataset: { number: t.number },
                onclick: () => staff.open(id),
              },
              [
                h('span', { className: 'item-head' }, [
                  t.severity ? h('span', { className: `dot sev-${t.severity}`, title: label('severity', t.severity) }) : null,
                  h('strong', { text: t.number }),
                  h('span', { className: `chip state-${t.state}`, text: s(`state.${t.state}`) }),
                ]),
                h('span', { className: 'item-text', text: t.question }),
              ],
            ),
          ]);
        }),
      );
    },
    open(id) {
      // On a phone the list folds away once a conversation is picked.
      if (window.matchMedia('(max-width: 640px)').matches) $('staff-threads-box').open = false;
      state.staff.thread = id;
      state.staff.notes = [];
      state.staff.last = '';
      localStorage.setItem('otasuke.playground.thread', id);
      state.staff.threadsLast = '';
      staff.loadThreads();
      staff.load();
    },
    async load() {
      const thread = state.staff.thread;
      const data = await conversation(() => api(`/staff/threads/${thread}`));
      // Dropped: a newer load was drawn already, or the person opened another conversation meanwhile.
      if (!data || thread !== state.staff.thread) return;
      const json = JSON.stringify(data) + state.lang + state.staff.notes.length;
      if (json === state.staff.last) return;
      state.staff.last = json;
      state.staff.data = data;
      staff.render(data);
    },
    render(data) {
      state.staff.caseState = data.case ? data.case.state : null;
      const head = $('staff-head');
      head.replaceChildren();
      if (data.case) {
        head.append(
          h('strong', { text: s('case.number', { number: data.case.number }) }),
          h('span', { className: `chip state-${data.case.state}`, text: s(`state.${data.case.state}`) }),
          data.case.severity ? h('span', { className: `badge small sev-${data.case.severity}`, text: label('severity', data.case.severity) }) : null,
        );
      }
      const list = merged(data.entries, state.staff.notes);
      $('staff-empty').hidden = list.length > 0;
      $('staff-messages').hidden = list.length === 0;
      $('staff-input').placeholder = s(data.case ? 'staff.followUpPlaceholder' : 'staff.placeholder');
      renderMessages($('staff-messages'), list, staff.press);
    },
    async ask(text) {
      const form = $('staff-form');
      await withBusy(form, async () => {
        const deliveries = await send('staff', { kind: 'message', thread: staff.ref(), text, lang: state.lang });
        state.staff.notes.push(...notesFrom(deliveries));
        $('staff-input').value = '';
        await Promise.all([staff.load(), staff.loadThreads()]);
      });
    },
    async press(button, cardEl) {
      await withBusy(cardEl, async () => {
        const deliveries = await send('staff', { kind: 'action', thread: staff.ref(), actionId: button.actionId, value: button.value });
        state.staff.notes.push(...notesFrom(deliveries));
        state.staff.last = '';
        await Promise.all([staff.load(), staff.loadThreads()]);
      });
    },
    onPush(p) {
      if (!P.visible('staff')) return undefined;
      return p.to === staff.ref() ? staff.load() : staff.loadThreads();
    },
  };

  P.staff = staff;
})();
