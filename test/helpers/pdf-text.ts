import zlib from 'node:zlib';

/**
 * The text a PDF shows, recovered the way a viewer's copy-and-paste does (the incident report's
 * and the legal drafts' tests read their PDFs with it): inflate the content streams, map glyph ids back to
 * Unicode through each font's ToUnicode CMap, and join the strings of TJ/Tj operators.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream?: string }>();
  // Streams are read by their /Length: compressed bytes can contain "endstream" or "endobj" by chance.
  const header = /(\d+) 0 obj\s*/g;
  for (let m = header.exec(raw); m; m = header.exec(raw)) {
    const start = m.index + m[0].length;
    const endobjAt = raw.indexOf('endobj', start);
    const dictEnd = raw.indexOf('>>', start);
    const streamAt = raw.indexOf('stream', start);
    const hasStream = streamAt !== -1 && (endobjAt === -1 || streamAt < endobjAt) && raw.slice(dictEnd + 2, streamAt).trim() === '';
    if (!hasStream) {
      objects.set(m[1]!, { dict: raw.slice(start, endobjAt) });
      continue;
    }
    const dict = raw.slice(start, streamAt);
    let dataStart = streamAt + 'stream'.length;
    if (raw[dataStart] === '\r') dataStart++;
    if (raw[dataStart] === '\n') dataStart++;
    const length = Number(/\/Length (\d+)(?! \d+ R)/.exec(dict)?.[1] ?? NaN);
    const dataEnd = Number.isFinite(length) ? dataStart + length : raw.indexOf('endstream', dataStart);
    const data = raw.slice(dataStart, dataEnd);
    const stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(Buffer.from(data, 'latin1')).toString('latin1') : data;
    objects.set(m[1]!, { dict, stream });
    header.lastIndex = dataEnd;
  }
  const cmap = (id: string): Map<number, string> => {
    const map = new Map<number, string>();
    const text = objects.get(id)?.stream ?? '';
    // Whitespace inside a hex string is allowed (pdfkit writes a glyph of two code points as <0041 0042>).
    const hex = (h: string) => String.fromCodePoint(...(h.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const r of text.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = parseInt(r[1]!, 16);
      [...r[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) => map.set(start + i, hex(u[1]!)));
    }
    for (const r of text.replace(/\[[^\]]*\]/g, '').matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> <([0-9a-f]+)>/gi)) {
      const [a, b, u] = [parseInt(r[1]!, 16), parseInt(r[2]!, 16), parseInt(r[3]!, 16)];
      for (let g = a; g <= b; g++) map.set(g, String.fromCodePoint(u + g - a));
    }
    return map;
  };
  const fonts = new Map<string, Map<number, string>>();
  for (const [, o] of objects) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1];
    for (const f of fontDict?.matchAll(/\/(\w+) (\d+) 0 R/g) ?? []) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(f[2]!)?.dict ?? '')?.[1];
      if (toUnicode && !fonts.has(f[1]!)) fonts.set(f[1]!, cmap(toUnicode));
    }
  }
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));
  let out = '';
  for (const page of pages) {
    const contents = /\/Contents (\d+) 0 R/.exec(page.dict)?.[1];
    const stream = contents ? (objects.get(contents)?.stream ?? '') : '';
    let font = new Map<number, string>();
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-f]*)> Tj/gi)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      const hexes = op[2] ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!) : op[3] !== undefined ? [op[3]] : [];
      for (const h of hexes) for (const g of h.match(/.{4}/g) ?? []) out += font.get(parseInt(g, 16)) ?? '\uFFFD';
      if (!op[1]) out += '\n';
    }
  }
  return out;
}
