import path from 'node:path';
import zlib from 'node:zlib';
import { buildAppPackage, fillTemplate } from '../../bot/teams/teams-app-package.js';

const APP_DIR = path.resolve(__dirname, '../../teams-app');
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** Reads a zip's entries through its central directory, as Teams does. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    files.set(name, zlib.inflateRawSync(buf.subarray(dataStart, dataStart + size)));
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return files;
}

const png = (b: Buffer) => ({ signature: b.subarray(1, 4).toString(), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

interface Manifest {
  manifestVersion: string;
  id: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string; description: string }[] }[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

describe('the Teams app package', () => {
  it('holds the manifest with the app id and host filled in, its English localisation, and the two icons', async () => {
    const files = unzip(await buildAppPackage(APP_DIR, { appId: APP_ID, domain: 'bot.example.com', version: '1.2.3' }));
    expect([...files.keys()]).toEqual(['manifest.json', 'en-us.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest & { version: string };
    expect(manifest).toMatchObject({ manifestVersion: '1.17', id: APP_ID, version: '1.2.3', validDomains: ['bot.example.com'], webApplicationInfo: { id: APP_ID } });
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    // Responders reply in a card's thread without @mentioning the bot: it needs every channel message.
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([{ name: 'ChannelMessage.Read.Group', type: 'Application' }]);
    expect(files.get('manifest.json')!.toString()).not.toContain('{{');
    expect(png(files.get('color.png')!)).toEqual({ signature: 'PNG', width: 192, height: 192 });
    expect(png(files.get('outline.png')!)).toEqual({ signature: 'PNG', width: 32, height: 32 });
  });

  it('keeps within the limits Teams checks on upload', async () => {
    const files = unzip(await buildAppPackage(APP_DIR, { appId: APP_ID, domain: 'bot.example.com' }));
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
    const en = JSON.parse(files.get('en-us.json')!.toString()) as Record<string, string>;
    for (const names of [manifest.name, { short: en['name.short']!, full: en['name.full']! }]) {
      expect(names.short.length).toBeLessThanOrEqual(30);
      expect(names.full.length).toBeLessThanOrEqual(100);
    }
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(en['description.short']!.length).toBeLessThanOrEqual(80);
    const commands = manifest.bots[0]!.commandLists[0]!.commands;
    expect(commands.length).toBeLessThanOrEqual(10);
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    // Every command has its English description, and nothing else is translated that does not exist.
    const keys = Object.keys(en).filter((k) => k.startsWith('bots['));
    expect(keys).toEqual(commands.map((_c, i) => `bots[0].commandLists[0].commands[${i}].description`));
    for (const k of keys) expect(en[k]!.length).toBeLessThanOrEqual(128);
  });

  it('refuses an app id or domain Teams would not take', () => {
    expect(() => fillTemplate('{}', { appId: 'my-bot', domain: 'bot.example.com' })).toThrow(/GUID/);
    expect(() => fillTemplate('{}', { appId: APP_ID, domain: 'https://bot.example.com/api' })).toThrow(/host name/);
  });
});
