/**
 * Hand-made .xlsx files for tests. exceljs always writes its parts in workbook order with the
 * workbook last; real producers (Excel, WPS, NHSA exports) do otherwise, and the readers must
 * cope with their layouts. Entries are written in Excel's order: workbook, sheets, styles,
 * shared strings, document properties.
 */
import { crc32, deflateRawSync } from 'node:zlib';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** A zip of deflated entries, in the given order. */
export function zipOf(entries: readonly (readonly [string, string])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const fileName = Buffer.from(name);
    const raw = Buffer.from(text);
    const data = deflateRawSync(raw);
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
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

export interface CraftedSheet {
  name: string;
  /** The <row> elements of <sheetData>. Style s="1" is the date format yyyy-mm-dd. */
  rows: string;
}

/**
 * A workbook whose parts are sheet1.xml, sheet2.xml, … in the order given; `tabOrder` lists the
 * part numbers in the order the tabs appear (default: the same order).
 */
export function craftXlsx(sheets: readonly CraftedSheet[], opts: { tabOrder?: readonly number[]; sharedStrings?: readonly string[] } = {}): Buffer {
  const parts = sheets.map((_, i) => i + 1);
  const tabs = opts.tabOrder ?? parts;
  const strings = opts.sharedStrings;
  const rel = (id: string, type: string, target: string): string => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  const entries: [string, string][] = [
    [
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
        parts.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT}.worksheet+xml"/>`).join('') +
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        (strings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` : '') +
        '</Types>',
    ],
    ['_rels/.rels', `${XML}<Relationships xmlns="${PKG_REL_NS}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`],
    [
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
        tabs.map((n) => `<sheet name="${sheets[n - 1]?.name ?? ''}" sheetId="${n}" r:id="rId${n}"/>`).join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="${PKG_REL_NS}">` +
        parts.map((n) => rel(`rId${n}`, 'worksheet', `worksheets/sheet${n}.xml`)).join('') +
        rel('rIdS', 'styles', 'styles.xml') +
        (strings ? rel('rIdT', 'sharedStrings', 'sharedStrings.xml') : '') +
        '</Relationships>',
    ],
    ...sheets.map((s, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, `${XML}<worksheet xmlns="${NS}"><sheetData>${s.rows}</sheetData></worksheet>`]),
    [
      'xl/styles.xml',
      `${XML}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
        '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ],
  ];
  if (strings) {
    const si = strings.map((t) => `<si><t>${t}</t></si>`).join('');
    entries.push(['xl/sharedStrings.xml', `${XML}<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">${si}</sst>`]);
  }
  entries.push(['docProps/app.xml', `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>`]);
  return zipOf(entries);
}
