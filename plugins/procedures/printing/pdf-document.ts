import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * A printed form of the one-stop desk as data: the agency's header, the title, then blocks. Rendered
 * to A4 by pdfkit with DejaVu fonts embedded (subset), which cover every Vietnamese diacritic; text is
 * NFC-normalised so that a decomposed "ệ" from a client prints as one glyph and extracts as one.
 */
export interface PrintedDocument {
  /** Document title in the PDF's metadata. */
  title: string;
  landscape?: boolean;
  header: {
    /** Left, first line (upper case): the agency, e.g. "ỦY BAN NHÂN DÂN PHƯỜNG HỒNG GAI". */
    agency: string;
    /** Left, second line (bold): the desk or centre. */
    office: string | null;
    /** Right, under the national motto: "Hồng Gai, ngày 05 tháng 12 năm 2026". */
    placeAndDate: string;
  };
  /** Small print above the title, e.g. "Mẫu số 01". */
  formLabel: string;
  /** Upper-cased when printed. */
  heading: string;
  /** Under the heading, e.g. "Mã hồ sơ: …". */
  subheading?: string | null;
  /** QR codes printed at the top right, under the header. */
  qrCodes?: Array<{ url: string; caption: string }>;
  blocks: Block[];
}

export type Block =
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'fields'; rows: Array<[label: string, value: string]> }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; columns: Array<{ title: string; width: number }>; rows: string[][] }
  | { kind: 'signatures'; items: Array<{ title: string; hint: string; name: string | null }> };

const FONT_DIR = 'dejavu-fonts-ttf/ttf';
const FONTS = {
  regular: require.resolve(`${FONT_DIR}/DejaVuSerif.ttf`),
  bold: require.resolve(`${FONT_DIR}/DejaVuSerif-Bold.ttf`),
  italic: require.resolve(`${FONT_DIR}/DejaVuSerif-Italic.ttf`),
};

const MARGIN = 50;
const BODY = 11;

const nfc = (text: string | null | undefined): string => (text ?? '').normalize('NFC');

/** Renders the document to PDF bytes. */
export async function renderPdf(spec: PrintedDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: spec.landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    info: { Title: nfc(spec.title), Creator: 'Chính quyền điện tử' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  header(doc, spec, width);
  const qrs = spec.qrCodes ?? [];
  const top = doc.y;
  let qrBottom = top;
  if (qrs.length) {
    const size = 78;
    let x = doc.page.width - MARGIN - size;
    for (const qr of [...qrs].reverse()) {
      const png = await QRCode.toBuffer(qr.url, { type: 'png', margin: 1, width: size * 3 });
      doc.image(png, x, top, { width: size, height: size });
      doc
        .font('italic')
        .fontSize(7)
        .text(nfc(qr.caption), x - 6, top + size + 2, { width: size + 12, align: 'center' });
      qrBottom = Math.max(qrBottom, doc.y);
      x -= size + 16;
    }
    doc.x = MARGIN;
    doc.y = top;
  }
  const titleWidth = qrs.length ? width - qrs.length * 94 : width;
  doc.font('italic').fontSize(9).text(nfc(spec.formLabel), MARGIN, doc.y, { width: titleWidth });
  doc.moveDown(0.3);
  doc
    .font('bold')
    .fontSize(14)
    .text(nfc(spec.heading).toLocaleUpperCase('vi'), MARGIN, doc.y, { width: titleWidth, align: 'center' });
  if (spec.subheading)
    doc
      .font('regular')
      .fontSize(BODY)
      .text(nfc(spec.subheading), MARGIN, doc.y + 2, { width: titleWidth, align: 'center' });
  doc.y = Math.max(doc.y, qrBottom) + 12;
  doc.x = MARGIN;

  for (const block of spec.blocks) renderBlock(doc, block, width);
  doc.end();
  return done;
}

function header(doc: PDFKit.PDFDocument, spec: PrintedDocument, width: number): void {
  // The national motto needs the wider half on one line.
  const half = width * 0.42;
  const rightWidth = width * 0.56;
  const right = MARGIN + width - rightWidth;
  const y = MARGIN;
  doc.font('regular').fontSize(10).text(nfc(spec.header.agency).toLocaleUpperCase('vi'), MARGIN, y, {
    width: half,
    align: 'center',
  });
  if (spec.header.office)
    doc.font('bold').text(nfc(spec.header.office).toLocaleUpperCase('vi'), MARGIN, doc.y, {
      width: half,
      align: 'center',
    });
  const leftBottom = doc.y;
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, y, {
    width: rightWidth,
    align: 'center',
  });
  doc.text('Độc lập - Tự do - Hạnh phúc', right, doc.y, {
    width: rightWidth,
    align: 'center',
    underline: true,
  });
  doc
    .font('italic')
    .fontSize(10)
    .text(nfc(spec.header.placeAndDate), right, doc.y + 6, { width: rightWidth, align: 'center' });
  doc.y = Math.max(doc.y, leftBottom) + 16;
  doc.x = MARGIN;
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

function renderBlock(doc: PDFKit.PDFDocument, block: Block, width: number): void {
  doc.x = MARGIN;
  switch (block.kind) {
    case 'paragraph':
      doc
        .font(block.bold ? 'bold' : 'regular')
        .fontSize(BODY)
        .text(nfc(block.text), MARGIN, doc.y, { width, align: 'justify' });
      doc.moveDown(0.4);
      return;
    case 'fields':
      for (const [label, value] of block.rows) {
        doc
          .font('bold')
          .fontSize(BODY)
          .text(`${nfc(label)}: `, MARGIN, doc.y, { width, continued: true });
        doc.font('regular').text(nfc(value));
        doc.moveDown(0.15);
      }
      doc.moveDown(0.3);
      return;
    case 'list':
      for (const item of block.items) {
        doc
          .font('regular')
          .fontSize(BODY)
          .text(`–  ${nfc(item)}`, MARGIN + 12, doc.y, { width: width - 12 });
        doc.moveDown(0.1);
      }
      doc.moveDown(0.3);
      return;
    case 'table':
      table(doc, block, width);
      return;
    case 'signatures': {
      ensureRoom(doc, 110);
      const n = block.items.length;
      const cell = width / n;
      const y = doc.y + 8;
      block.items.forEach((s, i) => {
        const x = MARGIN + i * cell;
        doc.font('bold').fontSize(BODY).text(nfc(s.title).toLocaleUpperCase('vi'), x, y, {
          width: cell,
          align: 'center',
        });
        doc.font('italic').fontSize(9).text(nfc(s.hint), x, doc.y, { width: cell, align: 'center' });
        if (s.name)
          doc
            .font('bold')
            .fontSize(BODY)
            .text(nfc(s.name), x, y + 80, { width: cell, align: 'center' });
      });
      doc.y = y + 100;
      doc.x = MARGIN;
      return;
    }
  }
}

/** A ruled table whose columns share the width by weight; rows break across pages, headings repeat. */
function table(doc: PDFKit.PDFDocument, block: Extract<Block, { kind: 'table' }>, width: number): void {
  const total = block.columns.reduce((s, c) => s + c.width, 0);
  const widths = block.columns.map((c) => (c.width / total) * width);
  const pad = 3;
  const size = block.columns.length > 8 ? 7 : 9.5;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(
      ...cells.map((c, i) => doc.heightOfString(nfc(c), { width: widths[i] - 2 * pad }) + 2 * pad),
    );
  };
  const drawRow = (cells: string[], font: string, height: number) => {
    let x = MARGIN;
    const y = doc.y;
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i], height).lineWidth(0.5).stroke();
      doc
        .font(font)
        .fontSize(size)
        .text(nfc(c), x + pad, y + pad, {
          width: widths[i] - 2 * pad,
          align: font === 'bold' ? 'center' : 'left',
        });
      x += widths[i];
    });
    doc.y = y + height;
    doc.x = MARGIN;
  };
  const headings = block.columns.map((c) => c.title);
  const headHeight = rowHeight(headings, 'bold');
  ensureRoom(doc, headHeight + 20);
  drawRow(headings, 'bold', headHeight);
  for (const row of block.rows) {
    const h = rowHeight(row, 'regular');
    if (doc.y + h > doc.page.height - MARGIN) {
      doc.addPage();
      doc.y = MARGIN;
      drawRow(headings, 'bold', headHeight);
    }
    drawRow(row, 'regular', h);
  }
  doc.moveDown(0.6);
}
