/**
 * A small markdown subset for note widgets: ATX headings, paragraphs, `-`/`*`/`1.` lists, fenced
 * code, `**strong**`, `*em*`/`_em_`, `` `code` ``, `[links](url)`. It produces a tree the widget
 * renders as React elements, so any HTML in the note is shown as text, never injected, and links
 * only keep http(s), mailto and same-site targets.
 */

export type Inline =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'strong' | 'em'; readonly children: Inline[] }
  | { readonly t: 'code'; readonly text: string }
  | { readonly t: 'link'; readonly href: string; readonly children: Inline[] };

export type Block =
  | { readonly t: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: Inline[] }
  | { readonly t: 'paragraph'; readonly children: Inline[] }
  | { readonly t: 'list'; readonly ordered: boolean; readonly items: Inline[][] }
  | { readonly t: 'code'; readonly text: string };

/** The link target if it is safe to follow, else undefined (the link is shown as text). */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return u;
  // Same-site paths and anchors; `//host` would leave the site and `javascript:` must never run.
  if (/^[/#?]/.test(u) && !u.startsWith('//')) return u;
  return undefined;
}

const INLINE =
  /(`[^`]+`)|(\*\*[^*]+?\*\*|__[^_]+?__)|(\*[^*\s][^*]*?\*|_[^_\s][^_]*?_)|(\[[^\]]+\]\([^)\s]+\))/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest !== '') {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push({ t: 'text', text: rest });
      break;
    }
    if (m.index > 0) out.push({ t: 'text', text: rest.slice(0, m.index) });
    const token = m[0];
    if (m[1]) out.push({ t: 'code', text: token.slice(1, -1) });
    else if (m[2]) out.push({ t: 'strong', children: parseInline(token.slice(2, -2)) });
    else if (m[3]) out.push({ t: 'em', children: parseInline(token.slice(1, -1)) });
    else {
      const split = token.indexOf('](');
      const label = parseInline(token.slice(1, split));
      const href = safeHref(token.slice(split + 2, -1));
      if (href) out.push({ t: 'link', href, children: label });
      else out.push(...label);
    }
    rest = rest.slice(m.index + token.length);
  }
  return out;
}

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ t: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*```/.test(line)) {
      endParagraph();
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i] as string)) code.push(lines[i] as string);
      blocks.push({ t: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endParagraph();
      const level = (heading[1] as string).length as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ t: 'heading', level, children: parseInline(heading[2] as string) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endParagraph();
      const ordered = item[2] !== undefined;
      const last = blocks[blocks.length - 1];
      const entry = parseInline(item[3] as string);
      if (last?.t === 'list' && last.ordered === ordered) last.items.push(entry);
      else blocks.push({ t: 'list', ordered, items: [entry] });
      continue;
    }
    if (line.trim() === '') endParagraph();
    else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}
