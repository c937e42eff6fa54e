/* Otasuke Bot playground, part 5 of 6: the admin view (articles: browse, edit — a published one as a draft with preview and diff —, publish, archive, restore, new; gaps;
 * the company's consent to the language model; questions held by the rate limit). */
/* global window, document, fetch */
(function () {
  'use strict';

  const P = window.OtasukePlayground;
  const { API, state, $, h, s, label, jst, toast, api, send, withBusy, renderCard } = P;

  // ---------- admin ----------

  const admin = {
    async loadList() {
      const data = await api('/admin/articles');
      state.admin.articles = data.articles;
      state.admin.loaded = true;
      admin.renderList();
    },
    renderList() {
      const q = $('kb-filter').value.trim().toLowerCase();
      const status = $('kb-status').value;
      const lang = $('kb-lang').value;
      const shown = state.admin.articles.filter(
        (a) => (!status || a.status === status) && (!lang || a.lang === lang) && (!q || a.slug.includes(q) || a.title.toLowerCase().includes(q)),
      );
      $('kb-count').textContent = s('admin.count', { count: shown.length });
      $('kb-list').replaceChildren(
        ...shown.map((a) =>
          h('li', {}, [
            h(
              'button',
              { type: 'button', className: `item${a.slug === state.admin.slug ? ' active' : ''}`, dataset: { slug: a.slug }, onclick: () => admin.open(a.slug) },
              [
                h('span', { className: 'item-head' }, [
                  h('span', { className: `chip status-${a.status}`, text: s(`admin.status.${a.status}`) }),
                  h('code', { text: a.slug }),
                  h('span', { className: 'muted', text: `v${a.version}` }),
                  a.reviewDue ? h('span', { className: 'chip review-due', text: s('admin.reviewDue'), title: s('admin.reviewDueHint', { date: a.reviewed || '—' }) }) : null,
                ]),
                h('span', { className: 'item-text', text: a.title }),
              ],
            ),
          ]),
        ),
      );
    },
    async open(slug) {
      const a = await api(`/admin/articles/${encodeURIComponent(slug)}`);
      state.admin.slug = slug;
      state.admin.article = a;
      $('kb-empty').hidden = true;
      $('kb-editor').hidden = false;
      $('kb-title').textContent = a.title;
      $('kb-meta').textContent = `${a.slug} · ${s('admin.version', { version: a.version, status: s(`admin.status.${a.status}`) })}`;
      $('kb-source').value = a.markdown;
      $('kb-publish').hidden = a.status === 'published';
      $('kb-archive').hidden = a.status === 'archived';
      // A published article is edited as a draft: the button says so, the draft (anyone's) is loaded.
      $('kb-save').textContent = s(a.status === 'published' ? 'admin.draft.saveDraft' : 'admin.save');
      state.admin.draft = null;
      $('kb-draft').hidden = true;
      if (a.status === 'published') await admin.loadDraft(slug);
      $('kb-history').replaceChildren(
        ...a.history
          .slice()
          .reverse()
          .map((v) =>
            h('li', {}, [
              h('time', { text: jst(v.at, true), datetime: v.at }),
              h('span', { text: `v${v.version} · ${s(`admin.status.${v.status}`)} · ${v.author}${v.note ? ` (${noteLabel(v.note)})` : ''}` }),
              v.version !== a.version
                ? h('button', { type: 'button', className: 'small', text: s('admin.restore'), onclick: () => admin.command(['restore', a.slug, String(v.version)]) })
                : null,
            ]),
          ),
      );
      admin.renderList();
    },
    startNew() {
      state.admin.slug = null;
      state.admin.article = null;
      $('kb-empty').hidden = true;
      $('kb-editor').hidden = false;
      $('kb-title').textContent = s('admin.newTitle');
      $('kb-meta').textContent = '';
      $('kb-source').value = s('admin.template', { today: new Date().toISOString().slice(0, 10) });
      $('kb-publish').hidden = true;
      $('kb-archive').hidden = true;
      $('kb-save').textContent = s('admin.save');
      state.admin.draft = null;
      $('kb-draft').hidden = true;
      $('kb-history').replaceChildren();
      admin.renderList();
    },
    async command(args, body, target) {
      const box = target || $('kb-result');
      await withBusy($('view-admin'), async () => {
        const deliveries = await send('admin', { kind: 'command', thread: 'web:admin', command: 'kb', args, body });
        if (!target) {
          // The editor is reloaded before the result shows: text typed after the result appears
          // is never overwritten by a reload still on its way.
          await admin.loadList();
          // A new article's slug is in its front matter: open what was just saved.
          const slug = state.admin.slug || (/^slug:\s*([a-z0-9-]+)/m.exec(body || '') || [])[1];
          if (slug && state.admin.articles.some((a) => a.slug === slug)) await admin.open(slug);
        }
        box.replaceChildren(...deliveries.map((d) => renderCard(d.card)));
        if (box === $('kb-result')) $('kb-result-box').hidden = false;
      });
    },
    save() {
      const body = $('kb-source').value;
      if (state.admin.article && state.admin.article.status === 'published') return admin.saveDraft(body);
      return state.admin.slug ? admin.command(['edit', state.admin.slug], body) : admin.command(['add'], body);
    },
    // ---------- drafts of published articles (issue #19) ----------
    async loadDraft(slug) {
      const view = await api(`/admin/articles/${encodeURIComponent(slug)}/draft`);
      if (state.admin.slug !== slug) return;
      state.admin.draft = view;
      // Someone's draft is what is being edited: it replaces the published text in the editor.
      if (view.draft) $('kb-source').value = view.draft.markdown;
      admin.renderDraft();
    },
    renderDraft(notice) {
      const view = state.admin.draft;
      const d = view && view.draft;
      // Again after a language switch, which resets the button to its data-i18n label.
      if (view) $('kb-save').textContent = s('admin.draft.saveDraft');
      $('kb-draft').hidden = !d && !notice;
      $('kb-draft-notice').hidden = !notice;
      $('kb-draft-notice').textContent = notice || '';
      // After a refusal (another admin saved first …): the latest draft replaces the text in the editor.
      $('kb-draft-reload').hidden = !notice;
      $('kb-draft-publish').hidden = !d;
      $('kb-draft-discard').hidden = !d;
      $('kb-draft-by').textContent = d ? s('admin.draft.by', { name: d.updatedBy, time: jst(d.updatedAt, true), revision: d.revision, base: d.baseVersion }) : '';
      const changed = d ? d.diff.filter((p) => p.kind !== 'same') : [];
      $('kb-draft-diff').replaceChildren(
        ...(d && changed.length === 0
          ? [h('span', { className: 'muted', text: s('admin.draft.noChanges') })]
          : changed.map((p) => h(p.kind === 'added' ? 'ins' : 'del', { text: p.text.replace(/\n$/, '') }))),
      );
      $('kb-draft-preview').replaceChildren(...(d && d.preview ? previewNodes(d.preview) : []));
      if (d && (d.placeholders.length || d.problems.length) && !notice) {
        $('kb-draft-notice').hidden = false;
        $('kb-draft-notice').textContent = d.problems.length
          ? s('admin.draft.invalid', { problems: d.problems.join(' / ') })
          : s('admin.draft.placeholders', { placeholders: d.placeholders.map((x) => `「${x}」`).join(' ') });
      }
    },
    async postDraft(route, body) {
      const res = await fetch(`${API}/admin/articles/${encodeURIComponent(state.admin.slug)}/draft${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-otasuke-playground': '1', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      return { ok: res.ok, status: res.status, body: await res.json().catch(() => ({})) };
    },
    /** The server's message in the page's language (a refusal: conflict, placeholders, an outdated draft …; or what was done). */
    messageOf(body) {
      return (body.message && (body.message[state.lang] || body.message.ja)) || s('common.failed');
    },
    async saveDraft(markdown) {
      await withBusy($('view-admin'), async () => {
        const revision = state.admin.draft ? state.admin.draft.revision : 0;
        const r = await admin.postDraft('', { markdown, revision });
        if (!r.ok) return admin.renderDraft(admin.messageOf(r.body));
        state.admin.draft = r.body;
        admin.renderDraft();
        toast(s('admin.draft.saved'));
      });
    },
    async draftAction(action) {
      const view = state.admin.draft;
      if (!view || !view.draft) return;
      const slug = state.admin.slug;
      await withBusy($('view-admin'), async () => {
        const r = await admin.postDraft(`/${action}`, { revision: view.draft.revision });
        if (!r.ok) return admin.renderDraft(admin.messageOf(r.body));
        await admin.loadList();
        await admin.open(slug);
        $('kb-result').replaceChildren(h('p', { className: 'draft-done', text: admin.messageOf(r.body) }));
        $('kb-result-box').hidden = false;
      });
    },
    // ---------- the company's consent to the language model (issue #22) ----------
    async loadLlm() {
      state.admin.llm = await api('/admin/llm');
      admin.renderLlm();
    },
    renderLlm() {
      const c = state.admin.llm;
      if (!c) return;
      // The statement in the page's language: provider, what is sent while on, what never is.
      const d = c.disclosure[state.lang] || c.disclosure.ja;
      $('llm-status').textContent = d.status;
      $('llm-enabled').checked = c.enabled;
      $('llm-embeddings').checked = c.embeddings;
      $('llm-embeddings').disabled = !c.enabled;
      $('llm-provider').textContent = d.provider;
      $('llm-sent-title').textContent = d.sentTitle;
      $('llm-sent').replaceChildren(...d.sent.map((line) => h('li', { text: line })));
      $('llm-never-title').textContent = d.neverTitle;
      $('llm-never').replaceChildren(...d.never.map((line) => h('li', { text: line })));
    },
    async saveLlm() {
      await withBusy($('llm-box'), async () => {
        const res = await fetch(`${API}/admin/llm`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-otasuke-playground': '1', accept: 'application/json' },
          body: JSON.stringify({ enabled: $('llm-enabled').checked, embeddings: $('llm-embeddings').checked }),
        });
        if (!res.ok) return toast(s('common.failed'), 'error');
        state.admin.llm = await res.json();
        admin.renderLlm();
      });
    },
    // ---------- questions held by the rate limit (the admin's own company only) ----------
    async loadHeld() {
      const data = await api('/admin/held');
      // Polled with the other views: only redrawn when something changed (keeps the buttons under the pointer).
      const key = JSON.stringify(data.held);
      if (state.admin.held && key === state.admin.heldLast) return;
      state.admin.held = data.held;
      state.admin.heldLast = key;
      admin.renderHeld();
    },
    renderHeld() {
      const rows = state.admin.held || [];
      $('held-empty').hidden = rows.length > 0;
      $('held-list').replaceChildren(
        ...rows.map((q) =>
          h('li', { dataset: { held: String(q.id), status: q.status } }, [
            h('span', { className: 'item-head' }, [
              h('span', { className: `chip held-${q.status}`, text: s(`admin.heldStatus.${q.status}`) }),
              h('span', { className: `badge small sev-${q.severity}`, text: label('severity', q.severity) }),
              h('time', { text: jst(q.at, true), datetime: q.at }),
              h('span', { className: 'muted', text: s('admin.heldBy', { name: q.userName, channel: q.channel }) }),
              q.caseNumber ? h('span', { className: 'muted', text: s('case.number', { number: q.caseNumber }) }) : null,
            ]),
            h('p', { className: 'item-text', text: q.text }),
            q.status === 'held'
              ? h('span', { className: 'actions' }, [
                  h('button', { type: 'button', className: 'small primary', text: s('admin.heldAnswer'), onclick: () => admin.actOnHeld(q.id, 'answer').catch(() => undefined) }),
                  h('button', { type: 'button', className: 'small', text: s('admin.heldDismiss'), onclick: () => admin.actOnHeld(q.id, 'dismiss').catch(() => undefined) }),
                ])
              : null,
          ]),
        ),
      );
    },
    async actOnHeld(id, action) {
      await withBusy($('held-box'), async () => {
        const res = await fetch(`${API}/admin/held/${encodeURIComponent(id)}/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-otasuke-playground': '1', accept: 'application/json' },
          body: '{}',
        });
        // 409: someone else acted on it first; the reload shows what became of it.
        if (!res.ok && res.status !== 409) toast(s('common.failed'), 'error');
      });
      await admin.loadHeld();
    },
  };

  /** What the preview may hold: the elements the /kb/<slug> page's Markdown renderer writes. */
  const PREVIEW_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'a', 'br', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del']);

  /**
   * The server's rendering of the draft (the same as its /kb/<slug> page) rebuilt element by
   * element: known tags only, text as text, links only to http(s), mailto and tel. Nothing is
   * inserted as HTML (DOMParser runs no script).
   */
  function previewNodes(html) {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    const copy = (node) => {
      if (node.nodeType === 3) return document.createTextNode(node.textContent);
      if (node.nodeType !== 1) return null;
      const tag = node.tagName.toLowerCase();
      const children = Array.from(node.childNodes).map(copy).filter(Boolean);
      if (!PREVIEW_TAGS.has(tag)) return h('span', {}, children);
      const href = tag === 'a' ? node.getAttribute('href') || '' : '';
      return h(tag, tag === 'a' && /^(https?:|mailto:|tel:)/i.test(href) ? { href, rel: 'noopener noreferrer', target: '_blank' } : {}, children);
    };
    return Array.from(doc.body.childNodes).map(copy).filter(Boolean);
  }

  /** A version's note in the page's language when it is one the bot writes (`chat edit`, `draft published` …). */
  function noteLabel(note) {
    const chat = /^chat (\w+)$/.exec(note);
    if (chat && state.boot.strings[state.lang][`admin.note.${chat[1]}`]) return s(`admin.note.${chat[1]}`);
    if (note === 'draft published') return s('admin.note.draft');
    if (/^restored version \d+$/.test(note)) return s('admin.note.restore');
    return note;
  }

  P.admin = admin;
})();
