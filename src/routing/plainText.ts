/**
 * Messages typed in Teams can arrive as HTML (rich-text compose box). Turns that into plain text,
 * keeping line breaks, in one pass: each tag is skipped with one search for its ">", and once no
 * ">" is left the rest is copied, so no input makes it slow.
 */
export function plainDraft(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const close = open === -1 ? -1 : text.indexOf('>', open + 1);
    if (close === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    if (/^\s*(br\b|\/p\b|\/div\b|\/li\b)/i.test(text.slice(open + 1, close))) out += '\n';
    i = close + 1;
  }
  return out
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
