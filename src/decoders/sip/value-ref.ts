import type { Codes } from './chars.js';

/** The codes of a value that has none to read (a computed string): its JSON is checked as a string. */
export const NO_CODES: Codes = new Uint8Array(0);

/**
 * A data_header value as a span of a text and of its codes (chars.ts), so that rendering can
 * check the characters on the codes and cut the string once; or a computed string (`codes` is
 * NO_CODES). The decoder points one at each value in turn instead of making objects.
 */
export class ValueRef {
  text = '';
  codes: Codes = NO_CODES;
  start = 0;
  end = 0;
  /** The value is known to need no JSON escaping. */
  plain = false;

  set(text: string, codes: Codes, start: number, end: number): this {
    this.text = text;
    this.codes = codes;
    this.start = start;
    this.end = end;
    this.plain = false;
    return this;
  }

  setString(value: string): this {
    return this.set(value, NO_CODES, 0, value.length);
  }

  /** A string already checked to need no JSON escaping. */
  setPlain(value: string): this {
    this.set(value, NO_CODES, 0, value.length);
    this.plain = true;
    return this;
  }

  /** The value as a string. */
  get value(): string {
    return this.text.slice(this.start, this.end);
  }
}
