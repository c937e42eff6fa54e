/**
 * The wire format pieces of the Slack stand-in: request bodies as the Web API
 * clients send them, Slack's own checks of blocks and views, the text a person
 * would see, and the WebSocket frames of Socket Mode.
 */

/** One unmasked server frame (FIN set). */
export function wsFrame(opcode: number, payload: Buffer): Buffer {
  const head =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : payload.length < 65536
        ? Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
            const b = Buffer.alloc(8);
            b.writeBigUInt64BE(BigInt(payload.length));
            return b;
          })()]);
  return Buffer.concat([head, payload]);
}

/** One client frame from the front of `buf` (clients always mask), or null when it is not complete yet. */
export function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return null;
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (masked) {
    const mask = buf.subarray(offset, offset + 4);
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  }
  return { opcode, payload, length: offset + maskLen + len };
}


export function parseArgs(contentType: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return safeJson(text);
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return {};
}

export function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function safeJsonArray(text: string): unknown[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function parseBlocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  if (typeof value !== 'string' || !value) return [];
  const v: unknown = JSON.parse(value);
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

export function parseView(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Slack's own checks of message blocks (the ones a renderer can get wrong). */
export function blockProblem(blocks: Record<string, unknown>[]): string | null {
  if (blocks.length > 50) return 'invalid_blocks';
  if (JSON.stringify(blocks).length > 13_000) return 'msg_blocks_too_long';
  return blocksInvalid(blocks) ? 'invalid_blocks' : null;
}

export function viewProblem(view: Record<string, unknown>): string | null {
  const blocks = (view.blocks as Record<string, unknown>[] | undefined) ?? [];
  if (blocks.length > 100) return 'invalid_blocks';
  if (view.type === 'modal') {
    const title = (view.title as { text?: string } | undefined)?.text ?? '';
    if (!title || [...title].length > 24) return 'invalid_arguments';
    if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return 'invalid_arguments';
  }
  return blocksInvalid(blocks) ? 'invalid_blocks' : null;
}

function blocksInvalid(blocks: Record<string, unknown>[]): boolean {
  const actionIds = new Set<string>();
  for (const b of blocks) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'section') {
      if (text !== undefined && (text.length === 0 || text.length > 3000)) return true;
      const fields = (b.fields as { text: string }[] | undefined) ?? [];
      if (fields.length > 10 || fields.some((f) => f.text.length > 2000)) return true;
      if (text === undefined && fields.length === 0) return true;
    }
    if (b.type === 'header' && (!text || [...text].length > 150)) return true;
    if (b.type === 'actions') {
      const elements = (b.elements as { action_id?: string; text?: { text: string }; value?: string }[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 25) return true;
      for (const e of elements) {
        if (e.action_id) {
          if (actionIds.has(e.action_id)) return true;
          actionIds.add(e.action_id);
        }
        if (e.text && [...e.text.text].length > 75) return true;
        if (e.value && e.value.length > 2000) return true;
      }
    }
  }
  return false;
}

/** Every text a person would see in the blocks (mrkdwn as sent, still escaped). */
export function visibleText(text: string, blocks: Record<string, unknown>[]): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return [text, ...out].join('\n');
}
