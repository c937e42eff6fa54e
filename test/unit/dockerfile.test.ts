import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';

// No Docker engine runs on the development machines, so the image is checked statically here.
const dockerfile = fs.readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');

describe('the Dockerfile', () => {
  it('passes the Dockerfile linter (dockerfile-utils) without problems', () => {
    expect(validate(dockerfile).map((p) => `${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('builds in one stage and runs in another, with production dependencies only, as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/bot\/main.js"\]$/m);
  });

  it('builds and runs on Node 24, the active LTS line (node:24-bookworm-slim in both stages)', () => {
    expect(dockerfile.match(/^FROM \S+/gm)).toEqual(['FROM node:24-bookworm-slim', 'FROM node:24-bookworm-slim']);
  });

  it('copies what the bot reads at run time: migrations, the embedded database thread, articles, taxonomy, playground page', () => {
    for (const p of ['db/migrations', 'db/pglite-worker.mjs', 'knowledge/articles', 'knowledge/taxonomy.json', 'bot/playground/public']) expect(dockerfile).toContain(`COPY ${p}`);
  });
});
