import { agentRowsCsv, csvCell, toCsv } from '../../../src/server/reports/report-csv.js';
import { SCALES } from '../../../src/shared/scales.js';
import { computeMetrics, rankAgents, tallyOf } from '../../../src/shared/scoring.js';

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

describe('agent rows as CSV', () => {
  it('rounds for reading: means to 2 decimals, percentages to 1', () => {
    const scale = SCALES.ces2_7;
    const rows = rankAgents(
      scale,
      [
        {
          agentId: 7,
          metrics: computeMetrics(scale, tallyOf([7, 7, 6, 5, 5, 4, 2, 1]), {
            sent: 9,
            responded: 8,
          }),
        },
      ],
      4.625,
      { priorWeight: 10, minAnswers: 5 },
    );
    const names = [{ id: 7, name: '=Eve, "the" Agent', deleted: false }];
    const [header, line] = agentRowsCsv(rows, names).split('\r\n');
    expect(header?.split(',')).toHaveLength(17);
    // A name is text from Zendesk: quoted, and never run as a formula.
    expect(line).toBe(
      `7,"'=Eve, ""the"" Agent",1,8,4.63,2.79,6.46,62.5,30.6,86.3,25,37.5,9,8,88.9,4.63,`,
    );
  });
});
