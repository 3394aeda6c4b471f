// A ustar header block written by hand, for layers too large to build with tar-stream in a test or a bench
// (hundreds of thousands of empty entries, a file declaring gigabytes).
export function ustarHeader(name: string, size: number): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0);
  for (const [at, v] of [[100, '0000755'], [108, '0000000'], [116, '0000000'], [136, '00000000000']] as const) b.write(`${v}\0`, at);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('        ', 148);
  b.write('0', 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

/** A tar of `count` empty regular files (`<prefix><n in base 36>`) and the end-of-archive marker. */
export function manyEmptyEntries(count: number, prefix = 'var/empty/'): Buffer {
  return Buffer.concat([...Array.from({ length: count }, (_, i) => ustarHeader(`${prefix}${i.toString(36)}`, 0)), Buffer.alloc(1024)]);
}
