/**
 * The text of an exported file. Exports come as UTF-8 (with or without a byte-order mark) or,
 * from Windows PowerShell's `Out-File` and `>`, as UTF-16LE with a byte-order mark. UTF-16
 * without a byte-order mark is refused: it cannot be told apart from other text reliably.
 */

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { readonly ok: false; readonly message: string; readonly line?: number };

const RESAVE = 'save it as UTF-8, or as UTF-16LE with a byte-order mark (PowerShell: Out-File -Encoding utf8)';

export function decodeExport(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, message: 'is empty: an export file holds a JSON object or a list of them' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  if (bytes.length >= 2 && (bytes[0] === 0) !== (bytes[1] === 0)) {
    const order = bytes[1] === 0 ? 'UTF-16LE' : 'UTF-16BE';
    return { ok: false, message: `is ${order} without a byte-order mark; ${RESAVE}` };
  }
  return utf8(bytes, 0);
}

function utf8(bytes: Uint8Array, offset: number): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = 1 + bytes.subarray(0, bad).reduce((n, b) => (b === 0x0a ? n + 1 : n), 0);
    const byte = bytes[bad] ?? 0;
    return {
      ok: false,
      message: `is not valid UTF-8: byte ${bad + offset} (0x${byte.toString(16).padStart(2, '0')}) starts no character; ${RESAVE}`,
      line,
    };
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  if (bytes.length % 2 !== 0) return { ok: false, message: `starts with a ${encoding.toUpperCase()} byte-order mark but has an odd number of bytes: the file is cut short` };
  let le = bytes;
  if (encoding === 'utf-16be') {
    le = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      le[i] = bytes[i + 1]!;
      le[i + 1] = bytes[i]!;
    }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(le), encoding };
  } catch {
    return { ok: false, message: `starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} (a lone surrogate); ${RESAVE}` };
  }
}

/** The offset of the first byte that does not begin (or continue) a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
