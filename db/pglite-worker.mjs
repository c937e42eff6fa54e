// The embedded database's own thread (see pglite-thread-database.ts). Plain
// JavaScript on purpose: it is started as a worker file by tsx, jest and the
// built image alike, with no compile step of its own. PGlite is ESM-only.
import { Blob } from 'node:buffer';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// `startFrom`: a dumped data folder to start a memory:// instance from (see PgliteOptions).
const db =
  workerData.startFrom && workerData.dataDir.startsWith('memory://')
    ? await PGlite.create({ dataDir: workerData.dataDir, loadDataDir: new Blob([fs.readFileSync(workerData.startFrom)]) })
    : await PGlite.create(workerData.dataDir);
/** Open transactions: id → { tx, end(commit) }. */
const transactions = new Map();
let nextTx = 1;

function serialiseError(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields = {};
  for (const [k, v] of Object.entries(e)) if (['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { name: e.name, message: e.message, fields };
}

function result(r) {
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
}

async function handle(msg) {
  switch (msg.op) {
    case 'query': {
      const on = msg.tx ? transactions.get(msg.tx)?.tx : db;
      if (!on) throw new Error(`transaction ${msg.tx} is not open`);
      return result(await on.query(msg.sql, msg.params ?? []));
    }
    case 'exec': {
      const results = await db.exec(msg.script);
      return { rows: results.at(-1)?.rows ?? [], rowCount: 0 };
    }
    case 'begin': {
      const id = nextTx++;
      // PGlite holds the instance for the whole callback: statements outside it wait, as on one connection.
      return new Promise((opened, failed) => {
        const open = {};
        const ended = new Promise((resolve) => (open.end = resolve));
        open.done = db.transaction(async (tx) => {
          open.tx = tx;
          opened({ tx: id });
          if (!(await ended)) await tx.rollback();
        });
        transactions.set(id, open);
        open.done.catch(failed).finally(() => transactions.delete(id));
      });
    }
    case 'end': {
      const open = transactions.get(msg.tx);
      if (!open) throw new Error(`transaction ${msg.tx} is not open`);
      open.end(msg.commit);
      // Answered once COMMIT (or ROLLBACK) has run, so the caller's next read sees it.
      await open.done;
      return { ended: true };
    }
    case 'close': {
      if (!db.closed) await db.close();
      return { closed: true };
    }
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

parentPort.on('message', (msg) => {
  handle(msg).then(
    (value) => parentPort.postMessage({ id: msg.id, ok: true, value }),
    (err) => parentPort.postMessage({ id: msg.id, ok: false, error: serialiseError(err) }),
  );
});
parentPort.postMessage({ ready: true });
