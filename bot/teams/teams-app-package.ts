import fs from 'node:fs/promises';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { isGuid } from './teams-ids.js';

/**
 * The Teams app package an admin uploads (Teams admin center → Manage apps →
 * Upload, or Teams → Apps → Manage your apps → Upload an app): the manifest
 * and its localisation with the bot's app id and public host filled in, and
 * the two icons, zipped flat. Built from teams-app/ by
 * `npx tsx bot/teams/teams-cli.ts package …`.
 */

export const APP_FILES = ['manifest.json', 'en-us.json', 'color.png', 'outline.png'] as const;

export interface PackageOptions {
  /** The Azure Bot's Microsoft App ID (also the Teams app id). */
  appId: string;
  /** Public host name of the bot (`bot.example.com`), for validDomains and the developer links. */
  domain: string;
  /** The app version shown in Teams (semver); default: the manifest's. */
  version?: string;
}

/** Fills the manifest template's placeholders; throws on an app id or domain Teams would refuse. */
export function fillTemplate(text: string, options: PackageOptions): string {
  if (!isGuid(options.appId)) throw new Error(`the app id must be a GUID (the Microsoft App ID of the Azure Bot), got ${JSON.stringify(options.appId)}`);
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(options.domain)) {
    throw new Error(`the domain must be a host name such as bot.example.com (no scheme, no path), got ${JSON.stringify(options.domain)}`);
  }
  let out = text.replace(/\{\{MICROSOFT_APP_ID\}\}/g, options.appId.toLowerCase()).replace(/\{\{BOT_DOMAIN\}\}/g, options.domain.toLowerCase());
  if (options.version) {
    if (!/^\d{1,4}\.\d{1,4}\.\d{1,4}$/.test(options.version)) throw new Error(`the version must look like 1.0.0, got ${JSON.stringify(options.version)}`);
    const manifest = JSON.parse(out) as { version?: string };
    if (manifest.version !== undefined) out = JSON.stringify({ ...manifest, version: options.version }, null, 2);
  }
  return out;
}

/** Reads teams-app/ and returns the zip to upload. */
export async function buildAppPackage(appDir: string, options: PackageOptions): Promise<Buffer> {
  const entries: { name: string; data: Buffer }[] = [];
  for (const name of APP_FILES) {
    const raw = await fs.readFile(path.join(appDir, name));
    entries.push({ name, data: name.endsWith('.json') ? Buffer.from(fillTemplate(raw.toString('utf8'), name === 'manifest.json' ? options : { ...options, version: undefined })) : raw });
  }
  return zip(entries);
}

/** Zips the files flat (deflate, UTF-8 names, no folders), as Teams expects an app package. */
export function zip(entries: { name: string; data: Buffer }[], date = new Date()): Buffer {
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [new Uint8Array(e.data), { level: 9, mtime: date }];
  return Buffer.from(zipSync(files));
}
