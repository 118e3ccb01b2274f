import { csvCell, pct, round, toCsv } from '../../../src/server/reports/report-csv.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=CR', `"'\r=CR"`],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('writes text %j as %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('writes numbers as numbers (a negative score is not a formula) and null as empty', () => {
    expect(csvCell(-37.5)).toBe('-37.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
  });

  it('ends every record with CRLF', () => {
    expect(
      toCsv([
        ['a', 1],
        ['b,c', null],
      ]),
    ).toBe('a,1\r\n"b,c",\r\n');
  });
});

describe('figures and names in the CSV', () => {
  it('rounds for reading: means to 2 decimals, percentages to 1', () => {
    expect(round(4.625, 2)).toBe(4.63);
    expect(round(2.7851, 2)).toBe(2.79);
    expect(pct(0.625)).toBe(62.5);
    expect(pct(0.8889)).toBe(88.9);
    expect(round(null, 2)).toBeNull();
    expect(pct(undefined)).toBeNull();
  });

  it('quotes a name from Zendesk and never lets it run as a formula', () => {
    expect(toCsv([[7, '=Eve, "the" Agent', 4.63]])).toBe(`7,"'=Eve, ""the"" Agent",4.63\r\n`);
  });
});
