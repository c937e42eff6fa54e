/* Otasuke Bot playground, part 6 of 6: the page itself (roles, language, live updates, start).
 * Every view is rebuilt from the bot's database-backed API; Server-Sent Events only say when to look again. */
/* global document, window, navigator, localStorage, EventSource, URLSearchParams */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { API, POLL_MS, state, $, randomId, s, toast, api, staff, responder, admin } = P;

  // ---------- page: roles, language, live updates ----------

  function visible(role) {
    return state.role === role || state.role === 'all';
  }
  P.visible = visible;

  function setRole(role) {
    state.role = ['staff', 'responder', 'admin', 'all'].includes(role) ? role : 'staff';
    document.body.dataset.role = state.role;
    for (const tab of document.querySelectorAll('[data-role-tab]')) tab.setAttribute('aria-selected', String(tab.dataset.roleTab === state.role));
    const params = new URLSearchParams(window.location.search);
    params.set('role', state.role);
    window.history.replaceState(null, '', `${window.location.pathname}?${params}`);
    refresh();
  }

  function setLang(lang) {
    state.lang = lang === 'en' ? 'en' : 'ja';
    localStorage.setItem('otasuke.playground.lang', state.lang);
    document.documentElement.lang = state.lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = s(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = s(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', s(el.dataset.i18nAria));
    for (const el of document.querySelectorAll('[data-lang]')) el.setAttribute('aria-pressed', String(el.dataset.lang === state.lang));
    for (const el of document.querySelectorAll('[data-example]')) el.textContent = s(`staff.example.${el.dataset.example}`);
    for (const el of document.querySelectorAll('[data-acting]')) el.textContent = s('role.actingAs', { name: state.boot.people[el.dataset.acting].name });
    document.title = s('app.title');
    $('subtitle').textContent = s('app.subtitle', { tenant: state.boot.tenant });
    setConn($('conn').dataset.state);
    state.staff.last = state.staff.threadsLast = state.responder.last = state.responder.queueLast = '';
    if (state.admin.loaded) admin.renderList();
    if (state.admin.held) admin.renderHeld();
    if (state.admin.llm) admin.renderLlm();
    if (state.admin.draft) admin.renderDraft();
    refresh();
  }

  function setConn(kind) {
    const el = $('conn');
    el.dataset.state = kind;
    el.textContent = s(kind === 'live' ? 'conn.live' : 'conn.offline');
  }

  function refresh() {
    const quiet = (p) => p.catch(() => undefined);
    if (visible('staff')) {
      quiet(staff.loadThreads());
      quiet(staff.load());
    }
    if (visible('responder')) {
      quiet(responder.loadQueue());
      quiet(responder.load());
    }
    if (visible('admin') && !state.admin.loaded) quiet(admin.loadList());
    if (visible('admin')) quiet(admin.loadHeld());
    // Loaded once (then after each save), so a poll never undoes a box being ticked.
    if (visible('admin') && !state.admin.llm) quiet(admin.loadLlm());
  }

  function listen() {
    const events = new EventSource(`${API}/events`);
    events.addEventListener('open', () => setConn('live'));
    events.addEventListener('error', () => setConn('offline'));
    events.addEventListener('card', (ev) => {
      const p = JSON.parse(ev.data);
      if (state.seen.has(p.id)) return;
      state.seen.add(p.id);
      const quiet = (promise) => promise && promise.catch && promise.catch(() => undefined);
      if (p.to.startsWith('web:staff:')) quiet(staff.onPush(p));
      // The demo dispatch group's posts (web:dispatch) are shown beside the responder's case card.
      if (p.to.startsWith('web:responders') || p.to === 'web:dispatch') quiet(responder.onPush(p));
    });
  }

  function wire() {
    for (const tab of document.querySelectorAll('[data-role-tab]')) tab.addEventListener('click', () => setRole(tab.dataset.roleTab));
    for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLang(b.dataset.lang));
    $('staff-new').addEventListener('click', () => staff.newThread());
    $('staff-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = $('staff-input').value.trim();
      if (text) staff.ask(text).catch(() => undefined);
    });
    for (const b of document.querySelectorAll('[data-example]')) {
      b.addEventListener('click', () => {
        if (state.staff.caseState) staff.newThread();
        staff.ask(s(`staff.example.${b.dataset.example}`)).catch(() => undefined);
      });
    }
    $('case-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = $('case-input').value.trim();
      if (text) responder.reply(text).catch(() => undefined);
    });
    // Enter sends, Shift+Enter (or an IME composition) does not.
    for (const [input, form] of [['staff-input', 'staff-form'], ['case-input', 'case-form']]) {
      $(input).addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
          ev.preventDefault();
          $(form).requestSubmit();
        }
      });
    }
    $('report-pdf').addEventListener('click', () => responder.report('pdf').catch(() => undefined));
    $('report-md').addEventListener('click', () => responder.report('md').catch(() => undefined));
    $('resolve-cancel').addEventListener('click', () => $('resolve-dialog').close());
    $('resolve-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const summary = $('resolve-summary').value.trim();
      if (summary) responder.resolve($('resolve-dialog').dataset.number, summary).catch(() => undefined);
    });
    $('dispatch-cancel').addEventListener('click', () => $('dispatch-dialog').close());
    $('dispatch-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const form = {
        address: $('dispatch-address').value.trim(),
        contact: $('dispatch-contact').value.trim(),
        slots: $('dispatch-slots').value.trim(),
        remote: $('dispatch-remote').value,
        bring: $('dispatch-bring').value.trim(),
        notes: $('dispatch-notes').value.trim(),
      };
      if (!form.address) return;
      responder
        .dispatchAct('dispatch.request', $('dispatch-dialog').dataset.number, form, $('dispatch-form'))
        .then(() => $('dispatch-dialog').close())
        .catch(() => undefined);
    });
    $('dispatch-step-cancel').addEventListener('click', () => $('dispatch-step-dialog').close());
    $('dispatch-step-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const d = $('dispatch-step-dialog').dataset;
      const form = d.actionId === 'dispatch.eta' ? { eta: $('dispatch-eta').value.trim() } : { hours: $('dispatch-hours').value.trim(), cost: $('dispatch-cost').value.trim(), note: $('dispatch-note').value.trim() };
      responder
        .dispatchAct(d.actionId, d.value, form, $('dispatch-step-form'))
        .then(() => $('dispatch-step-dialog').close())
        .catch(() => undefined);
    });
    $('reclassify-cancel').addEventListener('click', () => $('reclassify-dialog').close());
    $('reclassify-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const reason = $('reclassify-reason').value.trim();
      if (reason.length >= 2) {
        const form = { severity: $('reclassify-severity').value, category: $('reclassify-category').value, reason };
        responder.reclassify($('reclassify-dialog').dataset.number, form).catch(() => undefined);
      }
    });
    $('kb-filter').addEventListener('input', () => admin.renderList());
    $('kb-status').addEventListener('change', () => admin.renderList());
    $('kb-lang').addEventListener('change', () => admin.renderList());
    $('kb-new').addEventListener('click', () => admin.startNew());
    $('kb-save').addEventListener('click', () => admin.save().catch(() => undefined));
    $('kb-publish').addEventListener('click', () => admin.command(['publish', state.admin.slug]).catch(() => undefined));
    $('kb-archive').addEventListener('click', () => admin.command(['archive', state.admin.slug]).catch(() => undefined));
    $('kb-draft-publish').addEventListener('click', () => admin.draftAction('publish').catch(() => undefined));
    $('kb-draft-discard').addEventListener('click', () => admin.draftAction('discard').catch(() => undefined));
    $('kb-draft-reload').addEventListener('click', () => admin.loadDraft(state.admin.slug).catch(() => undefined));
    $('held-refresh').addEventListener('click', () => admin.loadHeld().catch(() => undefined));
    $('llm-save').addEventListener('click', () => admin.saveLlm().catch(() => undefined));
    $('llm-enabled').addEventListener('change', () => ($('llm-embeddings').disabled = !$('llm-enabled').checked));
    $('kb-gaps').addEventListener('click', () => admin.command(['gaps', '30'], undefined, $('kb-gaps-result')).catch(() => undefined));
    // The list of one's questions sits beside the chat on a wide screen; on a phone it folds away
    // above it, so the conversation is what the screen shows first.
    const narrow = window.matchMedia('(max-width: 640px)');
    const fold = () => ($('staff-threads-box').open = !narrow.matches);
    fold();
    narrow.addEventListener('change', fold);
  }

  async function start() {
    state.boot = await api('/bootstrap');
    state.clockSkew = new Date(state.boot.serverTime).getTime() - Date.now();
    const params = new URLSearchParams(window.location.search);
    const stored = localStorage.getItem('otasuke.playground.lang');
    const browser = (navigator.languages && navigator.languages[0]) || navigator.language || '';
    state.lang = params.get('lang') || stored || (browser.toLowerCase().startsWith('ja') ? 'ja' : 'en');
    state.staff.thread = params.get('thread') || localStorage.getItem('otasuke.playground.thread') || randomId();
    localStorage.setItem('otasuke.playground.thread', state.staff.thread);
    state.responder.open = params.get('case') || localStorage.getItem('otasuke.playground.case');
    wire();
    setLang(state.lang);
    setRole(params.get('role') || localStorage.getItem('otasuke.playground.role') || 'staff');
    window.addEventListener('beforeunload', () => localStorage.setItem('otasuke.playground.role', state.role));
    listen();
    window.setInterval(() => responder.tick(), 1000);
    // Another bot process may have changed things this page was not told about: look again now and then.
    window.setInterval(refresh, POLL_MS);
    document.body.classList.add('ready');
  }

  start().catch((err) => {
    document.body.classList.add('failed');
    toast(String(err && err.message ? err.message : err), 'error');
  });
})();
