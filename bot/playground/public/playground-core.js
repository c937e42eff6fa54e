/* Otasuke Bot playground, part 1 of 6: shared state and small helpers (talking to the bot, text, time).
 * Plain browser JavaScript, no build step: the files share one namespace, window.OtasukePlayground,
 * and index.html loads them in order. Text from the bot or from people is always inserted as text. */
/* global document, window, fetch, Blob, URL, atob, crypto */
(function () {
  'use strict';

  const P = (window.OtasukePlayground = {});
  const API = '/playground/api';
  const POLL_MS = 3000;
  const state = {
    boot: null,
    lang: 'ja',
    role: 'staff',
    clockSkew: 0,
    seen: new Set(),
    staff: { thread: null, last: '', threadsLast: '', notes: [], caseState: null, data: null },
    responder: { open: null, last: '', queueLast: '', notes: [], view: null },
    admin: { articles: [], loaded: false, slug: null, article: null, status: null, held: null, llm: null },
  };

  // ---------- small helpers ----------

  const $ = (id) => document.getElementById(id);

  /** Creates an element: attrs may hold className, text, dataset, attributes and on* handlers. */
  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of [].concat(children || [])) {
      if (c === null || c === undefined || c === false) continue;
      el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  function randomId() {
    const bytes = new Uint8Array(12);
    // getRandomValues works on plain http too (randomUUID needs a secure context).
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function s(key, params) {
    const table = (state.boot && state.boot.strings[state.lang]) || {};
    const text = table[key] !== undefined ? table[key] : key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (params && params[name] !== undefined ? String(params[name]) : m));
  }

  function label(kind, id) {
    const entry = state.boot && state.boot.labels[kind][id];
    return entry ? entry[state.lang] : id || '';
  }

  function jst(iso, withDate) {
    const opts = { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo', hourCycle: 'h23' };
    if (withDate) Object.assign(opts, { month: '2-digit', day: '2-digit' });
    return new Intl.DateTimeFormat(state.lang === 'ja' ? 'ja-JP' : 'en-GB', opts).format(new Date(iso));
  }

  function duration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const hh = Math.floor(total / 3600);
    const mm = Math.floor((total % 3600) / 60);
    const ss = String(total % 60).padStart(2, '0');
    return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
  }

  function now() {
    return Date.now() + state.clockSkew;
  }

  function toast(text, kind) {
    // The core's emoji (a new case's 🔴) drawn as icons once card-renderer.js has loaded.
    const el = h('div', { className: `toast ${kind || ''}`, role: 'status' }, P.iconized ? P.iconized(text) : text);
    $('toasts').append(el);
    window.setTimeout(() => el.remove(), 6000);
  }

  // ---------- talking to the bot ----------

  async function api(path) {
    const res = await fetch(API + path, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  /** Sends one message, button press or command as a demo person; returns the bot's replies. */
  async function send(role, payload) {
    let res;
    try {
      res = await fetch(`${API}/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-otasuke-playground': '1', accept: 'application/json' },
        body: JSON.stringify(Object.assign({ role, key: randomId() }, payload)),
      });
    } catch (err) {
      toast(s('common.failed'), 'error');
      throw err;
    }
    if (!res.ok) {
      toast(s('common.failed'), 'error');
      throw new Error(`inbound: ${res.status}`);
    }
    const body = await res.json();
    for (const d of body.deliveries) state.seen.add(d.id);
    return body.deliveries;
  }

  /** Saves a file the bot sent (an exported report) through the browser's download. */
  function download(file) {
    const binary = atob(file.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
    const a = h('a', { href: url, download: file.name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    return url;
  }

  /** Replies that are not on a case's timeline (refusals, files) are kept on the page as notes. */
  function notesFrom(deliveries, keep) {
    const notes = [];
    for (const d of deliveries) {
      if (!(d.senderOnly || d.file || keep)) continue;
      const note = { id: d.id, at: d.at, side: 'bot', card: d.card, senderOnly: d.senderOnly };
      if (d.file) note.file = { name: d.file.name, url: download(d.file) };
      notes.push(note);
    }
    return notes;
  }

  /**
   * The loads of one view, drawn in the order they were asked for. A poll, a push and a press each
   * load the view, and under load their replies can come back out of order: a reply to an older
   * request that arrives after a newer one was drawn is dropped (null), so the view never steps
   * back to what it showed before (a card that vanishes just as it is pressed, a reply undone).
   */
  function inOrder() {
    let asked = 0;
    let drawn = 0;
    return async (load) => {
      const ticket = ++asked;
      const data = await load();
      if (ticket < drawn) return null;
      drawn = ticket;
      return data;
    };
  }

  async function withBusy(el, work) {
    const buttons = el ? Array.from(el.querySelectorAll('button')) : [];
    buttons.forEach((b) => (b.disabled = true));
    if (el) el.classList.add('busy');
    try {
      return await work();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      if (el) el.classList.remove('busy');
    }
  }

  Object.assign(P, { API, POLL_MS, state, $, h, randomId, s, label, jst, duration, now, toast, api, send, download, notesFrom, inOrder, withBusy });
})();
