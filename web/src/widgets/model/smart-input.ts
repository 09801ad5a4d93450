/** Smart-input editing: the word under the caret (what autocomplete completes) and inserting a field. */

export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const BOUNDARY = /[\s()"'=!<>]/;

/** The field-name fragment ending at the caret, as the server's `typedFragment` reads it. */
export function wordAt(text: string, caret: number): Word {
  let start = caret;
  while (start > 0 && !BOUNDARY.test(text[start - 1] as string)) start--;
  let end = caret;
  while (end < text.length && !BOUNDARY.test(text[end] as string)) end++;
  return { start, end, text: text.slice(start, caret) };
}

/** True when the caret is inside a quoted value, where field suggestions make no sense. */
export function inQuotes(text: string, caret: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < caret; i++) {
    const c = text[i] as string;
    if (c === '\\' && quote) i++;
    else if (quote && c === quote) quote = undefined;
    else if (!quote && (c === '"' || c === "'")) quote = c;
  }
  return quote !== undefined;
}

/** Replaces the word at the caret with `field = ""` and puts the caret between the quotes. */
export function insertField(text: string, caret: number, field: string): { text: string; caret: number } {
  const w = wordAt(text, caret);
  const inserted = `${field} = ""`;
  return {
    text: text.slice(0, w.start) + inserted + text.slice(w.end),
    caret: w.start + inserted.length - 1,
  };
}
