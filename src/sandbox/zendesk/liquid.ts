/**
 * The subset of Liquid (shopify.github.io/liquid) that Zendesk renders in trigger notifications and
 * that setup uses ("Using Liquid markup to customize comments and email notifications",
 * support.zendesk.com/hc/en-us/articles/4408883291290): outputs `{{ path }}`, `case`/`when`
 * (several values, separated by `,` or `or`)/`else`/`endcase`, and `if`/`elsif`/`else`/`endif`
 * with `==`, `!=`, a bare value (true when not empty) and `and`/`or` (evaluated right to left, as
 * Liquid does). Anything else between `{% %}` is listed by `unsupportedLiquid` so that the trigger
 * is refused when it is saved, and otherwise left as it is.
 */

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; path: string; raw: string }
  | {
      kind: 'case';
      subject: string;
      whens: Array<{ values: string[]; body: Node[] }>;
      otherwise: Node[];
    }
  | { kind: 'if'; branches: Array<{ condition: string; body: Node[] }>; otherwise: Node[] };

interface Token {
  kind: 'text' | 'output' | 'tag';
  /** Text, the output's expression, or the tag's words. */
  value: string;
  raw: string;
}

const TOKEN = /\{\{\s*([\s\S]*?)\s*\}\}|\{%-?\s*([\s\S]*?)\s*-?%\}/g;
const PATH = /^[a-zA-Z_][a-zA-Z0-9_.]*$/;
const SUPPORTED_TAGS = ['case', 'when', 'else', 'endcase', 'if', 'elsif', 'endif'];

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    if (m.index > last)
      tokens.push({ kind: 'text', value: template.slice(last, m.index), raw: '' });
    tokens.push(
      m[1] !== undefined
        ? { kind: 'output', value: m[1], raw: m[0] }
        : { kind: 'tag', value: m[2] ?? '', raw: m[0] },
    );
    last = m.index + m[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'text', value: template.slice(last), raw: '' });
  return tokens;
}

function tagName(token: Token): string {
  return token.value.split(/\s+/)[0] ?? '';
}

function tagArgs(token: Token): string {
  return token.value.slice(tagName(token).length).trim();
}

/** Splits `'a', 'b' or c` into its operands, keeping quoted strings whole. */
function operands(list: string): string[] {
  const found = list.match(/'[^']*'|"[^"]*"|[^\s,]+/g) ?? [];
  return found.filter((part) => part !== 'or');
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Nodes up to (not including) a tag named in `stops`, or the end. */
  parse(stops: string[] = []): Node[] {
    const nodes: Node[] = [];
    while (this.at < this.tokens.length) {
      const token = this.tokens[this.at]!;
      if (token.kind === 'text') {
        nodes.push({ kind: 'text', text: token.value });
        this.at += 1;
        continue;
      }
      if (token.kind === 'output') {
        nodes.push(
          PATH.test(token.value)
            ? { kind: 'output', path: token.value, raw: token.raw }
            : { kind: 'text', text: token.raw },
        );
        this.at += 1;
        continue;
      }
      const name = tagName(token);
      if (stops.includes(name)) return nodes;
      this.at += 1;
      if (name === 'case') nodes.push(this.parseCase(tagArgs(token)));
      else if (name === 'if') nodes.push(this.parseIf(tagArgs(token)));
      else nodes.push({ kind: 'text', text: token.raw });
    }
    return nodes;
  }

  private next(): Token | undefined {
    const token = this.tokens[this.at];
    this.at += 1;
    return token;
  }

  private parseCase(subject: string): Node {
    const node: Extract<Node, { kind: 'case' }> = {
      kind: 'case',
      subject,
      whens: [],
      otherwise: [],
    };
    // Text between `case` and the first `when` renders nothing.
    this.parse(['when', 'else', 'endcase']);
    for (let token = this.next(); token; token = this.next()) {
      const name = tagName(token);
      if (name === 'endcase') return node;
      const body = this.parse(['when', 'else', 'endcase']);
      if (name === 'when') node.whens.push({ values: operands(tagArgs(token)), body });
      else node.otherwise = body;
    }
    throw new Error('Liquid: a case has no endcase');
  }

  private parseIf(condition: string): Node {
    const node: Extract<Node, { kind: 'if' }> = {
      kind: 'if',
      branches: [{ condition, body: this.parse(['elsif', 'else', 'endif']) }],
      otherwise: [],
    };
    for (let token = this.next(); token; token = this.next()) {
      const name = tagName(token);
      if (name === 'endif') return node;
      const body = this.parse(['elsif', 'else', 'endif']);
      if (name === 'elsif') node.branches.push({ condition: tagArgs(token), body });
      else node.otherwise = body;
    }
    throw new Error('Liquid: an if has no endif');
  }
}

export interface LiquidScope {
  /** A variable's raw value (unknown: empty, as Liquid renders nil). */
  value(path: string): string;
  /** An output's text as it goes into the rendered template (escaped as the body needs). */
  output(path: string, raw: string): string;
}

function operandValue(operand: string, scope: LiquidScope): string {
  if (/^'[^']*'$|^"[^"]*"$/.test(operand)) return operand.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(operand)) return operand;
  if (operand === 'nil' || operand === 'empty' || operand === 'blank') return '';
  return PATH.test(operand) ? scope.value(operand) : '';
}

function holds(condition: string, scope: LiquidScope): boolean {
  // Liquid evaluates `and`/`or` from right to left, without precedence.
  const parts = condition.split(/\s+(and|or)\s+/);
  let result = comparison(parts[parts.length - 1] ?? '', scope);
  for (let i = parts.length - 2; i > 0; i -= 2) {
    const left = comparison(parts[i - 1] ?? '', scope);
    result = parts[i] === 'and' ? left && result : left || result;
  }
  return result;
}

function comparison(text: string, scope: LiquidScope): boolean {
  const m = /^\s*(.+?)\s*(==|!=)\s*(.+?)\s*$/.exec(text);
  if (!m) return operandValue(text.trim(), scope) !== '';
  const [left, right] = [operandValue(m[1]!, scope), operandValue(m[3]!, scope)];
  return m[2] === '==' ? left === right : left !== right;
}

function renderNodes(nodes: Node[], scope: LiquidScope): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'output':
        out += scope.output(node.path, node.raw);
        break;
      case 'case': {
        const subject = operandValue(node.subject, scope);
        const hit = node.whens.find((w) =>
          w.values.some((v) => operandValue(v, scope) === subject),
        );
        out += renderNodes(hit ? hit.body : node.otherwise, scope);
        break;
      }
      case 'if': {
        const hit = node.branches.find((b) => holds(b.condition, scope));
        out += renderNodes(hit ? hit.body : node.otherwise, scope);
        break;
      }
    }
  }
  return out;
}

/**
 * Renders `template`. A template with an unclosed `case` or `if` (refused on trigger save, but text
 * such as dynamic content may hold one) renders its outputs and leaves every tag as it is.
 */
export function renderLiquid(template: string, scope: LiquidScope): string {
  const tokens = tokenize(template);
  try {
    return renderNodes(new Parser(tokens).parse(), scope);
  } catch {
    const literal = tokens.map((t): Token =>
      t.kind === 'tag' ? { ...t, kind: 'text', value: t.raw } : t,
    );
    return renderNodes(new Parser(literal).parse(), scope);
  }
}

/** What the sandbox cannot render in `template`: unknown tags and unclosed blocks; empty when fine. */
export function unsupportedLiquid(template: string): string[] {
  const tokens = tokenize(template);
  const problems = tokens
    .filter((t) => t.kind === 'tag' && !SUPPORTED_TAGS.includes(tagName(t)))
    .map((t) => `the Liquid tag "${tagName(t)}"`);
  try {
    new Parser(tokens).parse();
  } catch (error) {
    problems.push((error as Error).message);
  }
  return [...new Set(problems)];
}
