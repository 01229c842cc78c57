import ExcelJS from 'exceljs';
import { BadInputError, type LocalizedText } from '../../../src';
import { CriterionMetric } from '../entities/enums';

/** One criterion of an imported set, with its sub-criteria (a parent's maximum is the sum of its children's). */
export interface CriterionNode {
  code: string;
  name: string;
  /** A parent's may be left out: it is then the sum of its sub-criteria. */
  maxPoints?: number | null;
  guidance?: string | null;
  requiredEvidence?: string | null;
  metric?: CriterionMetric | null;
  /** For SERVICE_INDEX_CRITERION: the code of the QĐ 766 criterion, e.g. "2.1". */
  metricCode?: string | null;
  children?: CriterionNode[];
}

/** A criterion flattened for storage, parents before children. */
export interface FlatCriterion extends Omit<CriterionNode, 'children' | 'maxPoints'> {
  maxPoints: number;
  parentCode: string | null;
  leaf: boolean;
  sort: number;
}

/** Column headers of the XLSX import (and of the criteria sheet): the spreadsheet a province already keeps. */
export const XLSX_COLUMNS = [
  'Mã',
  'Tiêu chí',
  'Điểm tối đa',
  'Hướng dẫn chấm điểm',
  'Tài liệu kiểm chứng',
  'Chỉ số liên kết',
  'Mã tiêu chí chỉ số',
] as const;

const CODE = /^\d+(\.\d+)*$/;
const METRICS = new Set<string>(Object.values(CriterionMetric));

function bad(message: LocalizedText, field = 'content'): never {
  throw new BadInputError(message, { field });
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Checks a tree and flattens it: codes dotted and unique, maxima ≥ 0 and adding up, metrics known. */
export function flattenCriteria(nodes: CriterionNode[]): { criteria: FlatCriterion[]; maxTotal: number } {
  if (!Array.isArray(nodes) || !nodes.length)
    bad({ vi: 'Bộ tiêu chí cần ít nhất một tiêu chí', en: 'A criteria set needs at least one criterion' });
  const out: FlatCriterion[] = [];
  const seen = new Set<string>();
  const walk = (list: CriterionNode[], parent: string | null): number => {
    let sum = 0;
    for (const n of list) {
      const where = `Criterion ${n?.code ?? '?'}`;
      const whereVi = `Tiêu chí ${n?.code ?? '?'}`;
      if (!n || typeof n.code !== 'string' || !CODE.test(n.code))
        bad({
          vi: `${whereVi}: mã phải là các số cách nhau bởi dấu chấm, ví dụ "1.2"`,
          en: `${where}: code must be dotted numbers like "1.2"`,
        });
      if (parent !== null && !n.code.startsWith(`${parent}.`))
        bad({
          vi: `${whereVi}: mã phải bắt đầu bằng mã của tiêu chí cha ${parent}.`,
          en: `${where}: code must start with its parent's code ${parent}.`,
        });
      if (seen.has(n.code)) bad({ vi: `${whereVi}: mã bị trùng`, en: `${where}: code appears twice` });
      seen.add(n.code);
      if (typeof n.name !== 'string' || !n.name.trim())
        bad({ vi: `${whereVi}: cần tên (name)`, en: `${where}: name is required` });
      const children = n.children ?? [];
      if (!Array.isArray(children))
        bad({ vi: `${whereVi}: children phải là một danh sách`, en: `${where}: children must be a list` });
      const metric = n.metric ?? null;
      if (metric !== null && !METRICS.has(metric))
        bad({
          vi: `${whereVi}: metric phải là một trong ${[...METRICS].join(', ')}`,
          en: `${where}: metric must be one of ${[...METRICS].join(', ')}`,
        });
      if (metric === CriterionMetric.SERVICE_INDEX_CRITERION && !n.metricCode)
        bad({
          vi: `${whereVi}: metric SERVICE_INDEX_CRITERION cần metricCode (một tiêu chí của QĐ 766, ví dụ "2.1")`,
          en: `${where}: metric SERVICE_INDEX_CRITERION needs metricCode (a QĐ 766 criterion such as "2.1")`,
        });
      if (metric && children.length)
        bad({
          vi: `${whereVi}: chỉ tiêu chí không có tiêu chí thành phần mới được gắn với một metric`,
          en: `${where}: only a criterion without sub-criteria may be bound to a metric`,
        });
      const item: FlatCriterion = {
        code: n.code,
        name: n.name.trim(),
        // Left out: NaN until the children's sum replaces it (a leaf without one is refused below).
        maxPoints: n.maxPoints === undefined || n.maxPoints === null ? NaN : Number(n.maxPoints),
        guidance: n.guidance?.trim() || null,
        requiredEvidence: n.requiredEvidence?.trim() || null,
        metric,
        metricCode: metric === CriterionMetric.SERVICE_INDEX_CRITERION ? String(n.metricCode) : null,
        parentCode: parent,
        leaf: !children.length,
        sort: out.length,
      };
      out.push(item);
      if (children.length) {
        const childSum = walk(children, n.code);
        if (n.maxPoints === undefined || n.maxPoints === null) item.maxPoints = childSum;
        else if (!close(Number(n.maxPoints), childSum))
          bad({
            vi: `${whereVi}: điểm tối đa ${n.maxPoints} không bằng tổng điểm các tiêu chí thành phần (${childSum})`,
            en: `${where}: maximum ${n.maxPoints} is not the sum of its sub-criteria (${childSum})`,
          });
      }
      if (!Number.isFinite(item.maxPoints) || item.maxPoints < 0 || item.maxPoints > 1000)
        bad({
          vi: `${whereVi}: maxPoints phải là số từ 0 đến 1000`,
          en: `${where}: maxPoints must be a number from 0 to 1000`,
        });
      sum += item.maxPoints;
    }
    return Math.round(sum * 100) / 100;
  };
  const maxTotal = walk(nodes, null);
  return { criteria: out, maxTotal };
}

/** Parses the JSON form: a list of criteria (a tree with `children`), or `{ "criteria": [...] }`. */
export function parseCriteriaJson(text: string): CriterionNode[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    bad({ vi: 'content không phải là JSON hợp lệ', en: 'content is not valid JSON' });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { criteria?: unknown })?.criteria;
  if (!Array.isArray(list))
    bad({
      vi: 'content phải là danh sách tiêu chí hoặc { "criteria": [...] }',
      en: 'content must be a list of criteria or { "criteria": [...] }',
    });
  return list as CriterionNode[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

/**
 * Parses the XLSX form (base64): the first sheet, a header row with the columns of XLSX_COLUMNS, one
 * row per criterion; the tree comes from the codes ("1.2" is under "1"). A parent's maximum may be
 * left empty (the sum of its children).
 */
export async function parseCriteriaXlsx(base64: string): Promise<CriterionNode[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS types its argument as its own Buffer interface (an ArrayBuffer): give it the bytes' ArrayBuffer.
    const bytes = Buffer.from(base64, 'base64');
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    bad({ vi: 'content không phải là tệp XLSX (base64)', en: 'content is not an XLSX workbook (base64)' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) bad({ vi: 'Tệp Excel không có trang tính nào', en: 'The workbook has no sheet' });
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
  const col = (name: string) => header.indexOf(name) + 1;
  for (const name of XLSX_COLUMNS.slice(0, 3))
    if (!col(name))
      bad({
        vi: `Dòng đầu tiên phải ghi tên các cột ${XLSX_COLUMNS.join(', ')}; thiếu cột "${name}"`,
        en: `The first row must name the columns ${XLSX_COLUMNS.join(', ')}; "${name}" is missing`,
      });
  const byCode = new Map<string, CriterionNode>();
  const roots: CriterionNode[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (name: string) => (col(name) ? cellText(row.getCell(col(name)).value).trim() : '');
    const code = get('Mã');
    if (!code) continue;
    if (!CODE.test(code))
      bad({
        vi: `Dòng ${r}: mã "${code}" phải là các số cách nhau bởi dấu chấm, ví dụ "1.2"`,
        en: `Row ${r}: code "${code}" must be dotted numbers like "1.2"`,
      });
    const max = get('Điểm tối đa');
    const node: CriterionNode = {
      code,
      name: get('Tiêu chí'),
      maxPoints: max === '' ? null : Number(max.replace(',', '.')),
      guidance: get('Hướng dẫn chấm điểm') || null,
      requiredEvidence: get('Tài liệu kiểm chứng') || null,
      metric: (get('Chỉ số liên kết') || null) as CriterionMetric | null,
      metricCode: get('Mã tiêu chí chỉ số') || null,
      children: [],
    };
    if (max !== '' && !Number.isFinite(node.maxPoints))
      bad({ vi: `Dòng ${r}: "Điểm tối đa" không phải là số`, en: `Row ${r}: "Điểm tối đa" is not a number` });
    const parentCode = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
    if (parentCode) {
      const parent = byCode.get(parentCode);
      if (!parent)
        bad({
          vi: `Dòng ${r}: tiêu chí ${code} đứng trước tiêu chí cha ${parentCode}`,
          en: `Row ${r}: criterion ${code} comes before its parent ${parentCode}`,
        });
      parent.children!.push(node);
    } else roots.push(node);
    byCode.set(code, node);
  }
  return roots;
}
