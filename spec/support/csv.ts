/** Parses RFC 4180 text (quoted fields, doubled quotes, CRLF) for checking what was written. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** The blocks of a CSV that holds several tables, each after an empty line. */
export function csvBlocks(text: string): string[][][] {
  const blocks: string[][][] = [[]];
  for (const row of parseCsv(text)) {
    if (row.length === 1 && row[0] === '') blocks.push([]);
    else blocks[blocks.length - 1]!.push(row);
  }
  return blocks;
}
