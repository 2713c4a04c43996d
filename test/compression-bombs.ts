import { createDeflate, gzipSync } from 'node:zlib'
import { MB } from './memory-use.ts'

let gzipMember: Buffer | undefined

/**
 * A gzip bomb of `megabytes` of spaces, made without holding them: one gzip member of a megabyte (about 1 KB) repeated,
 * which gunzip reads one member after the other.
 */
export function gzipBomb(megabytes: number): Buffer {
  gzipMember ??= gzipSync(Buffer.alloc(MB, 0x20), { level: 9 })
  const member = gzipMember
  return Buffer.concat(Array.from({ length: megabytes }, () => member))
}

/** A deflate (zlib) bomb of `megabytes` of spaces, one stream, compressed a megabyte at a time. */
export async function deflateBomb(megabytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise((resolve) => deflate.on('end', resolve))
  const megabyte = Buffer.alloc(MB, 0x20)
  for (let i = 0; i < megabytes; i++) deflate.write(megabyte)
  deflate.end()
  await done
  return Buffer.concat(chunks)
}
