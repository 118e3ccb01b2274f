import {
  renderLiquid,
  unsupportedLiquid,
  type LiquidScope,
} from '../../../src/sandbox/zendesk/liquid.js';

/** A scope over plain values; outputs are bracketed so the test sees what was an output. */
function scope(values: Record<string, string>): LiquidScope {
  return {
    value: (path) => values[path] ?? '',
    output: (path) => `[${values[path] ?? ''}]`,
  };
}

const BY_LANGUAGE =
  "{% case ticket.requester.language %}{% when 'Nederlands', 'Dutch' %}Hallo {{ticket.id}}{% when 'Deutsch' or 'German' %}Guten Tag{% else %}Hello{% endcase %}!";

describe('the sandbox Liquid subset', () => {
  it('picks the case branch whose when names the value (any of several), else the else branch', () => {
    const render = (language: string) =>
      renderLiquid(BY_LANGUAGE, scope({ 'ticket.requester.language': language, 'ticket.id': '7' }));
    expect(render('Nederlands')).toBe('Hallo [7]!');
    expect(render('Dutch')).toBe('Hallo [7]!');
    expect(render('German')).toBe('Guten Tag!');
    expect(render('日本語')).toBe('Hello!');
    expect(render('')).toBe('Hello!');
  });

  it('renders if, elsif and else with ==, !=, bare values, and and/or from right to left', () => {
    const template =
      "{% if a == 'x' and b %}one{% elsif a != 'y' or c == 'z' %}two{% else %}three{% endif %}";
    expect(renderLiquid(template, scope({ a: 'x', b: '1' }))).toBe('one');
    expect(renderLiquid(template, scope({ a: 'x' }))).toBe('two');
    expect(renderLiquid(template, scope({ a: 'y', c: 'z' }))).toBe('two');
    expect(renderLiquid(template, scope({ a: 'y' }))).toBe('three');
    // Right to left: `true or false and false` is `true or (false and false)`.
    expect(renderLiquid('{% if a or b and c %}yes{% endif %}', scope({ a: '1' }))).toBe('yes');
  });

  it('nests blocks and leaves text between case and the first when out', () => {
    const template =
      "{% case x %}ignored{% when '1' %}{% if y %}{% case y %}{% when 'a' %}A{% endcase %}{% endif %}{% endcase %}";
    expect(renderLiquid(template, scope({ x: '1', y: 'a' }))).toBe('A');
  });

  it('names what it cannot render: other tags and unclosed blocks; a template without them is fine', () => {
    expect(unsupportedLiquid(BY_LANGUAGE)).toEqual([]);
    expect(unsupportedLiquid('{% for c in ticket.comments %}{{c}}{% endfor %}')).toEqual([
      'the Liquid tag "for"',
      'the Liquid tag "endfor"',
    ]);
    expect(unsupportedLiquid("{% case x %}{% when 'a' %}A")).toEqual([
      'Liquid: a case has no endcase',
    ]);
    expect(unsupportedLiquid('{% if x %}A')).toEqual(['Liquid: an if has no endif']);
  });

  it('renders the outputs of a template it cannot parse and leaves its tags as they are', () => {
    expect(renderLiquid('{% if x %}{{ y }}', scope({ x: '1', y: 'Y' }))).toBe('{% if x %}[Y]');
  });
});
