import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
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

/** A minimal zip writer (deflate, UTF-8 names, no folders): all an app package needs. */
export function zip(entries: { name: string; data: Buffer }[], date = new Date()): Buffer {
  const time = ((date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2)) & 0xffff;
  const day = (((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = zlib.deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let table: Uint32Array | undefined;

function crc32(data: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const byte of data) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
