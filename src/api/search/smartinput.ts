import { badRequest } from '../http/errors.js';
import type { Clause, CompareOp, Condition, Group } from './clauses.js';
import type { FieldRef } from './fields.js';
import { checkText, normalizeValue, requirePattern, substringPattern } from './values.js';

/**
 * The smart-input mini language (homer-app's `sqlparser` subset):
 *
 *   expr  := term ((AND | OR) term)*
 *   term  := '(' expr ')' | field op value
 *   op    := = | != | <> | > | < | >= | <= | LIKE | NOT LIKE
 *   value := "double quoted" | 'single quoted' | number | bare word
 *
 * Keywords are case-insensitive; `\"` and `\\` escape inside quotes. Fields are resolved by the
 * caller (mapping id, `sip.x` / `net.x`, or the bare key). Anything else is a 400 that says where.
 * `= "isEmpty"` / `= "isNull"` keep homer-app's meaning (`= ''`, `IS NULL`); on `raw`, `=` is a
 * case-insensitive substring match and `LIKE` an `ILIKE`.
 */
export type SmartFieldResolver = (name: string) => FieldRef;

const MAX_INPUT_LENGTH = 4096;
const MAX_DEPTH = 16;
const MAX_CONDITIONS = 100;

type Token =
  | { readonly t: 'word'; readonly v: string; readonly at: number }
  | { readonly t: 'string'; readonly v: string; readonly at: number }
  | { readonly t: 'number'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: '(' | ')'; readonly at: number };

const WORD_RE = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?/y;
const OP_RE = /!=|<>|>=|<=|=|>|</y;

function fail(message: string, at: number): never {
  throw badRequest(`smartinput: ${message} at position ${at + 1}`);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ t: c, at: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) fail('unterminated string', start);
        const ch = input[i] as string;
        if (ch === '\\' && i + 1 < input.length) {
          value += input[i + 1];
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      tokens.push({ t: 'string', v: value, at: start });
      continue;
    }
    let matched = false;
    for (const [re, t] of [
      [OP_RE, 'op'],
      [NUMBER_RE, 'number'],
      [WORD_RE, 'word'],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(input);
      if (m) {
        tokens.push({ t, v: m[0], at: i });
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) fail(`unexpected ${JSON.stringify(c)}`, i);
  }
  return tokens;
}

const COMPARE_OPS: Readonly<Record<string, CompareOp>> = {
  '=': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '>': 'gt',
  '<': 'lt',
  '>=': 'ge',
  '<=': 'le',
};

function keyword(token: Token | undefined, word: string): boolean {
  return token?.t === 'word' && token.v.toUpperCase() === word;
}

class Parser {
  private pos = 0;
  private conditions = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly resolve: SmartFieldResolver,
    private readonly end: number,
  ) {}

  parse(): Clause[] {
    const clauses = this.expr(0);
    const rest = this.tokens[this.pos];
    if (rest) fail('expected AND or OR', rest.at);
    return clauses;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private expr(depth: number): Clause[] {
    if (depth > MAX_DEPTH) fail('too many nested parentheses', this.peek()?.at ?? this.end);
    const clauses: Clause[] = [{ join: 'and', node: this.term(depth) }];
    for (;;) {
      const next = this.peek();
      if (keyword(next, 'AND') || keyword(next, 'OR')) {
        this.pos++;
        const join = keyword(next, 'OR') ? 'or' : 'and';
        clauses.push({ join, node: this.term(depth) });
      } else {
        return clauses;
      }
    }
  }

  private term(depth: number): Condition | Group {
    const token = this.peek();
    if (!token) fail('expected a field or "("', this.end);
    if (token.t === '(') {
      this.pos++;
      const clauses = this.expr(depth + 1);
      const close = this.peek();
      if (close?.t !== ')') fail('expected ")"', close?.at ?? this.end);
      this.pos++;
      return { kind: 'group', clauses };
    }
    if (token.t !== 'word' || ['AND', 'OR', 'LIKE', 'NOT'].includes(token.v.toUpperCase())) {
      fail('expected a field name', token.at);
    }
    if (++this.conditions > MAX_CONDITIONS) fail(`more than ${MAX_CONDITIONS} conditions`, token.at);
    this.pos++;
    const field = this.resolve(token.v);
    const op = this.operator();
    const value = this.value();
    return condition(field, op, value);
  }

  private operator(): CompareOp | 'like' | 'notlike' {
    const token = this.peek();
    if (token?.t === 'op') {
      this.pos++;
      return COMPARE_OPS[token.v] as CompareOp;
    }
    if (keyword(token, 'LIKE')) {
      this.pos++;
      return 'like';
    }
    if (keyword(token, 'NOT') && keyword(this.tokens[this.pos + 1], 'LIKE')) {
      this.pos += 2;
      return 'notlike';
    }
    return fail('expected one of = != <> > < >= <= LIKE', token?.at ?? this.end);
  }

  private value(): string {
    const token = this.peek();
    if (token && (token.t === 'string' || token.t === 'number' || token.t === 'word')) {
      this.pos++;
      return token.v;
    }
    return fail('expected a value', token?.at ?? this.end);
  }
}

function condition(field: FieldRef, op: CompareOp | 'like' | 'notlike', value: string): Condition {
  checkText(field.name, value);
  if (op === 'like' || op === 'notlike') {
    return { kind: 'like', field, negate: op === 'notlike', patterns: [requirePattern(field, value)] };
  }
  if (field.kind === 'raw') {
    if (op !== 'eq' && op !== 'ne') throw badRequest(`smartinput: raw only supports = != and LIKE`);
    const pattern = value.includes('%') ? value : substringPattern(value);
    return { kind: 'like', field, negate: op === 'ne', patterns: [pattern] };
  }
  if (op === 'eq' || op === 'ne') {
    if (value === 'isEmpty') return { kind: 'empty', field, negate: op === 'ne' };
    if (value === 'isNull') return { kind: 'null', field, negate: op === 'ne' };
  }
  return { kind: 'compare', field, op, value: normalizeValue(field, value) };
}

/** Parses smart input into clauses (the first clause's `join` is irrelevant). */
export function parseSmartInput(input: string, resolve: SmartFieldResolver): Clause[] {
  if (input.length > MAX_INPUT_LENGTH)
    throw badRequest(`smartinput: longer than ${MAX_INPUT_LENGTH} characters`);
  checkText('smartinput', input);
  const tokens = tokenize(input);
  if (tokens.length === 0) return [];
  return new Parser(tokens, resolve, input.length).parse();
}
