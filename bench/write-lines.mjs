// Writes lines (an iterable or async iterable of strings, each ending in '\n') to a file in
// 1 MiB pieces, waiting when the stream is full. Returns how many lines were written.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export async function writeLines(path, lines) {
  const out = createWriteStream(path);
  let buf = '';
  let count = 0;
  for await (const line of lines) {
    buf += line;
    count++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return count;
}
