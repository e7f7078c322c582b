import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/** The complete lines of one chunk of a file, and the number of the first. */
export interface LineBatch {
  lines: string[];
  firstNumber: number;
}

/**
 * The lines of a file, streamed chunk by chunk (never the whole file in memory); gzip is recognised by its
 * magic bytes, whatever the file is called. A truncated or corrupt gzip fails with zlib's error.
 */
export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const gzipped = await startsWithGzipMagic(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = gzipped ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  if (gzipped) file.on('error', (error) => stream.destroy(error));
  // A chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next chunk.
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let next = 1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const lines = (partial + decoder.write(chunk)).split('\n');
    partial = lines.pop() ?? '';
    if (lines.length === 0) continue;
    yield {
      lines: endsInCarriageReturn(lines) ? lines.map(withoutCarriageReturn) : lines,
      firstNumber: next,
    };
    next += lines.length;
  }
  partial += decoder.end();
  if (partial.length > 0) yield { lines: [withoutCarriageReturn(partial)], firstNumber: next };
}

function endsInCarriageReturn(lines: string[]): boolean {
  return lines.length > 0 && lines[0]!.endsWith('\r');
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
