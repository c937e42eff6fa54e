#!/usr/bin/env node
// `npx otasuke …`: the one front door (bot/cli/otasuke.ts). The built program when there is one
// (the image's dist/), else the sources through tsx, as the npm scripts run them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'bot', 'cli', 'otasuke.js');
const args = fs.existsSync(built) ? [built] : ['--import', 'tsx', path.join(root, 'bot', 'cli', 'otasuke.ts')];
const run = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
process.exit(run.status ?? 1);
