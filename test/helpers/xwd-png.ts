// An X screenshot as PNG without ImageMagick: `xwd -root` output (ZPixmap, 24/32 bits per pixel, the
// layout Xvfb uses) decoded here and encoded with the tray's own PNG encoder.
import { encodePng } from '../../console/tray/png.js';

export function xwdToPng(xwd: Buffer): Buffer {
  const u32 = (i: number) => xwd.readUInt32BE(i * 4);
  const headerSize = u32(0);
  const [format, width, height, byteOrder, bitsPerPixel, bytesPerLine, ncolors] = [u32(2), u32(4), u32(5), u32(7), u32(11), u32(12), u32(19)];
  if (format !== 2 || (bitsPerPixel !== 32 && bitsPerPixel !== 24)) throw new Error(`unsupported xwd: format ${format}, ${bitsPerPixel} bpp`);
  const data = headerSize + ncolors * 12;
  const px = new Uint8Array(width * height * 4);
  const step = bitsPerPixel / 8;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = data + y * bytesPerLine + x * step;
      const v = byteOrder === 0 ? xwd.readUIntLE(o, step) : xwd.readUIntBE(o, step);
      const i = (y * width + x) * 4;
      px[i] = (v >> 16) & 0xff; px[i + 1] = (v >> 8) & 0xff; px[i + 2] = v & 0xff; px[i + 3] = 255;
    }
  }
  return encodePng(width, height, px);
}
