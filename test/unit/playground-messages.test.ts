import fs from 'node:fs';
import path from 'node:path';
import { playgroundStrings } from '../../bot/playground/playground-strings.js';
import { CASE_STATES } from '../../handlers/cases/case-state-machine.js';

const PUBLIC = path.resolve(__dirname, '../../bot/playground/public');
const page = fs.readFileSync(path.join(PUBLIC, 'index.html'), 'utf8');
const scripts = fs.readdirSync(PUBLIC).filter((f) => f.endsWith('.js'));
const script = scripts.map((f) => fs.readFileSync(path.join(PUBLIC, f), 'utf8')).join('\n');
const strings = playgroundStrings();
const keys = new Set(Object.keys(strings.ja));

describe("the playground page's strings", () => {
  it('sends the page the playground.* namespace in both languages, without the prefix', () => {
    expect(keys.size).toBeGreaterThan(100);
    expect(Object.keys(strings.en).sort()).toEqual([...keys].sort());
    expect(strings.en['app.title']).toBe('Otasuke Bot playground');
  });

  it('defines every key the page names in its HTML', () => {
    const named = [...page.matchAll(/data-i18n(?:-placeholder|-aria)?="([\w.]+)"/g)].map((m) => m[1]!);
    const examples = [...page.matchAll(/data-example="(\w+)"/g)].map((m) => `staff.example.${m[1]}`);
    expect(named.length).toBeGreaterThan(30);
    expect([...named, ...examples].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('defines every key the script asks for, including the ones it builds from states', () => {
    const literal = [...script.matchAll(/\bs\('([\w.]+)'/g)].map((m) => m[1]!);
    const built = [...CASE_STATES.map((st) => `state.${st}`), ...['published', 'draft', 'archived'].map((st) => `admin.status.${st}`)];
    expect(literal.length).toBeGreaterThan(20);
    expect([...literal, ...built].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('loads every script of the page, in the order they depend on each other', () => {
    const loaded = [...page.matchAll(/<script src="\/playground\/([\w-]+\.js)" defer><\/script>/g)].map((m) => m[1]);
    expect([...loaded].sort()).toEqual([...scripts].sort());
    expect(loaded[0]).toBe('playground-core.js');
    expect(loaded.at(-1)).toBe('app.js');
  });

  it('never inserts text as HTML', () => {
    // Everything from the bot or from people goes in through textContent / text nodes.
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
