import type { ContainerRuntimeClient } from 'testcontainers';

/** The last `lines` lines a container printed (stdout and stderr), or '' when they cannot be read. */
export async function readLogsTail(
  client: ContainerRuntimeClient,
  containerId: string,
  lines = 30,
): Promise<string> {
  try {
    const container = client.container.getById(containerId);
    const buffer = (await container.logs({
      stdout: true,
      stderr: true,
      tail: lines,
      follow: false,
    })) as Buffer;
    return demultiplex(buffer);
  } catch {
    return '';
  }
}

// Docker frames non-TTY logs: 1 byte stream, 3 bytes padding, 4 bytes big-endian length, then the payload.
function demultiplex(buffer: Buffer): string {
  const chunks: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && buffer[offset + 1] === 0 && buffer[offset]! <= 2) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return offset === 0 ? buffer.toString('utf8') : chunks.join('');
}
