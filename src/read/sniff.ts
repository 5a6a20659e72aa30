/**
 * What a file is by its first bytes (SPEC §3.4): a workbook, an HTML table,
 * a spreadsheet assess refuses, or CSV text. Kept apart from the readers so
 * that a run on CSV files never loads the zip, XML and HTML parsers.
 */
import { Buffer } from 'node:buffer';

/** What the first bytes of a file say it is. */
export type FileShape = 'zip' | 'ole2' | 'html' | 'xml2003' | 'text';

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * What a file is by its first bytes, whatever its name: a zip (an .xlsx), an
 * OLE2 compound file (an old binary .xls, or an encrypted workbook), an HTML
 * table (the "Excel" export of many HR systems), Excel 2003's XML
 * spreadsheet, or text (CSV or tab-separated).
 *
 * @example sniffShape(Buffer.from('<html><table>')) // 'html'
 */
export function sniffShape(head: Uint8Array): FileShape {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length >= 8 && OLE2_MAGIC.every((b, i) => head[i] === b)) return 'ole2';
  // Latin-1 keeps every byte; NULs go so that UTF-16 text reads like ASCII; a BOM is not a letter.
  const text = Buffer.from(head.subarray(0, Math.min(head.length, 8192)))
    .toString('latin1')
    .replace(/\0/g, '')
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .trimStart()
    .toLowerCase();
  if (!text.startsWith('<')) return 'text';
  if (text.includes('urn:schemas-microsoft-com:office:spreadsheet') && !text.includes('<table')) return 'xml2003';
  if (/<(html|table|body)[\s>]/.test(text)) return 'html';
  return 'text';
}

/**
 * True when an OLE2 compound file holds an encrypted Office document (its
 * directory names an `EncryptionInfo` stream): a password-protected .xlsx.
 */
export function oleIsEncrypted(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptionInfo', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}
