/**
 * A rendered page with a few holes, kept as bytes: filling it copies the
 * fixed parts once and writes the values between them, with no string
 * replacing or UTF-8 encoding of the whole page per request.
 */
export type FilledPage = (values: readonly string[]) => Buffer;

/**
 * Splits `html` at each of `holes` (each must occur exactly once); the
 * returned function takes the values in the order of `holes`. Values are
 * written as they are: the caller passes only HTML-safe text.
 */
export function pageTemplate(html: string, holes: readonly string[]): FilledPage {
  const found = holes.map((hole, index) => {
    const at = html.indexOf(hole);
    if (at < 0 || html.indexOf(hole, at + hole.length) >= 0) throw new Error(`page template: ${hole} must occur exactly once`);
    return { at, end: at + hole.length, index };
  });
  found.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let from = 0;
  for (const hole of found) {
    parts.push(Buffer.from(html.slice(from, hole.at), 'utf8'));
    from = hole.end;
  }
  parts.push(Buffer.from(html.slice(from), 'utf8'));
  const order = found.map((hole) => hole.index);
  const fixedLength = parts.reduce((sum, part) => sum + part.length, 0);

  return (values) => {
    let length = fixedLength;
    for (const index of order) length += Buffer.byteLength(values[index] ?? '', 'utf8');
    const page = Buffer.allocUnsafe(length);
    let offset = 0;
    for (let i = 0; i < order.length; i++) {
      offset += (parts[i] as Buffer).copy(page, offset);
      offset += page.write(values[order[i] as number] ?? '', offset, 'utf8');
    }
    (parts[order.length] as Buffer).copy(page, offset);
    return page;
  };
}
