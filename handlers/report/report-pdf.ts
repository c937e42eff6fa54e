import path from 'node:path';
import PDFDocument from 'pdfkit';
import { t } from '../../core/i18n/t.js';
import type { CaseReport, ReportBlock } from './case-report.js';

/** Font files (paths or bytes) the PDF embeds; both must cover Japanese. */
export interface PdfFonts {
  regular: string | Buffer;
  bold: string | Buffer;
}

/** PostScript name of the bundled regular face; it appears in the PDF's font dictionary. */
export const BUNDLED_FONT_NAME = 'NotoSansJP-Regular';

/**
 * Noto Sans JP (SIL Open Font License 1.1) from the `@embedpdf/fonts-jp` npm
 * package: the OTF files are resolved next to the package's entry point, so
 * the report works offline and the same in a container.
 */
export function bundledJapaneseFonts(): PdfFonts {
  const dir = path.join(path.dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
  return { regular: path.join(dir, 'NotoSansJP-Regular.otf'), bold: path.join(dir, 'NotoSansJP-Bold.otf') };
}

export interface PdfOptions {
  /** Default: the bundled Noto Sans JP. */
  fonts?: PdfFonts;
}

const MARGIN = 50;
const BODY = 9.5;
const SMALL = 8;
const CELL_PAD = 3;
const TEXT = '#111111';
const MUTED = '#555555';
const RULE = '#999999';
const HEADER_FILL = '#e8e8e8';

type Doc = PDFKit.PDFDocument;

/**
 * Lays the report out on A4 pages with an embedded Japanese font (subset by
 * pdfkit, so only the glyphs used are stored). Tables repeat their header on
 * each page; every page carries the case number and "page n of m".
 */
export function reportToPdf(report: CaseReport, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = options.fonts ?? bundledJapaneseFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: report.lang === 'ja' ? 'ja-JP' : 'en-GB',
    displayTitle: true,
    info: {
      Title: report.title,
      Author: 'Otasuke Bot',
      Subject: `${report.caseNumber} ${report.tenantName}`,
      CreationDate: report.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    render(doc, report);
    footers(doc, report);
    doc.end();
  } catch (err) {
    doc.end();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  return done;
}

function render(doc: Doc, report: CaseReport): void {
  doc.font('bold').fontSize(18).fillColor(TEXT).text(report.title);
  doc.moveDown(0.3);
  doc.font('body').fontSize(SMALL).fillColor(MUTED).text(report.generatedAtText).text(report.provenance);
  for (const section of report.sections) {
    doc.moveDown(1);
    ensureSpace(doc, 60);
    doc.font('bold').fontSize(13).fillColor(TEXT).text(section.title, MARGIN);
    const y = doc.y + 2;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + contentWidth(doc), y).lineWidth(0.7).strokeColor(RULE).stroke();
    doc.y = y + 6;
    for (const block of section.blocks) {
      renderBlock(doc, block);
      doc.moveDown(0.4);
    }
  }
}

function renderBlock(doc: Doc, block: ReportBlock): void {
  const width = contentWidth(doc);
  doc.fillColor(TEXT);
  switch (block.kind) {
    case 'paragraph':
      doc.font('body').fontSize(BODY).text(block.text, MARGIN, doc.y, { width });
      return;
    case 'subheading':
      ensureSpace(doc, 40);
      doc.moveDown(0.3);
      doc.font('bold').fontSize(10.5).text(block.text, MARGIN, doc.y, { width });
      doc.moveDown(0.2);
      return;
    case 'list':
      block.items.forEach((item, i) => {
        const marker = block.ordered ? `${i + 1}.` : '•';
        doc.font('body').fontSize(BODY);
        const h = doc.heightOfString(item, { width: width - 18 });
        ensureSpace(doc, Math.min(h, 40));
        const y = doc.y;
        doc.text(marker, MARGIN + 2, y, { width: 16, lineBreak: false });
        doc.text(item, MARGIN + 18, y, { width: width - 18 });
      });
      doc.x = MARGIN;
      return;
    case 'fields':
      for (const f of block.fields) tableRow(doc, [f.label, f.value], [width * 0.28, width * 0.72], { boldFirst: true, borders: false });
      doc.x = MARGIN;
      return;
    case 'table':
      table(doc, block.columns, block.rows, block.widths);
      return;
  }
}

/** A table with a shaded header row, repeated at the top of every page it spans. */
function table(doc: Doc, columns: string[], rows: string[][], weights?: number[]): void {
  const width = contentWidth(doc);
  const w = weights && weights.length === columns.length ? weights : columns.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const widths = w.map((x) => (x / total) * width);
  const header = () => tableRow(doc, columns, widths, { header: true, borders: true });
  header();
  for (const row of rows) {
    const h = rowHeight(doc, row, widths, false);
    if (h > usableHeight(doc)) {
      // A cell longer than a page (a long relayed message): print it as flowing text under its row.
      stackedRow(doc, columns, row, width);
      continue;
    }
    if (doc.y + h > pageBottom(doc)) {
      doc.addPage();
      header();
    }
    tableRow(doc, row, widths, { borders: true });
  }
  doc.x = MARGIN;
}

interface RowStyle {
  header?: boolean;
  boldFirst?: boolean;
  borders: boolean;
}

function rowHeight(doc: Doc, cells: string[], widths: number[], header: boolean): number {
  doc.font(header ? 'bold' : 'body').fontSize(BODY);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] ?? 0) - 2 * CELL_PAD }))) + 2 * CELL_PAD;
}

function tableRow(doc: Doc, cells: string[], widths: number[], style: RowStyle): void {
  const h = rowHeight(doc, cells, widths, !!style.header);
  if (doc.y + h > pageBottom(doc)) doc.addPage();
  const top = doc.y;
  let x = MARGIN;
  if (style.header) doc.rect(MARGIN, top, widths.reduce((a, b) => a + b, 0), h).fillColor(HEADER_FILL).fill();
  cells.forEach((cell, i) => {
    const cw = widths[i] ?? 0;
    doc
      .font(style.header || (style.boldFirst && i === 0) ? 'bold' : 'body')
      .fontSize(BODY)
      .fillColor(style.boldFirst && i === 0 ? MUTED : TEXT)
      .text(cell || ' ', x + CELL_PAD, top + CELL_PAD, { width: cw - 2 * CELL_PAD });
    if (style.borders) doc.rect(x, top, cw, h).lineWidth(0.5).strokeColor(RULE).stroke();
    x += cw;
  });
  doc.x = MARGIN;
  doc.y = top + h;
}

/** A row too tall for one page: each cell as "column: value", flowing across pages. */
function stackedRow(doc: Doc, columns: string[], row: string[], width: number): void {
  ensureSpace(doc, 40);
  const top = doc.y;
  doc.moveTo(MARGIN, top).lineTo(MARGIN + width, top).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.y = top + CELL_PAD;
  columns.forEach((label, i) => {
    doc.font('bold').fontSize(BODY).fillColor(MUTED).text(`${label}: `, MARGIN + CELL_PAD, doc.y, { width: width - 2 * CELL_PAD, continued: true });
    doc.font('body').fillColor(TEXT).text(row[i] ?? '');
  });
  doc.moveDown(0.3);
  doc.x = MARGIN;
}

function footers(doc: Doc, report: CaseReport): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    const text = t(report.lang, 'report.footer', { number: report.caseNumber, page: i + 1, pages: range.count });
    doc
      .font('body')
      .fontSize(SMALL)
      .fillColor(MUTED)
      .text(text, MARGIN, doc.page.height - MARGIN + 4, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const pageBottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const usableHeight = (doc: Doc) => pageBottom(doc) - doc.page.margins.top - 30;

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > pageBottom(doc)) doc.addPage();
}
