#!/usr/bin/env python3
"""Strict reader of the screenshots ipodsim writes (frontend/screenshot.c):
8-bit RGBA, not interlaced, every chunk CRC checked, IEND last.  No
dependency beyond the standard library, so the tests need no PIL.

As a module:  load(path, w=320, h=480) -> bytes   raw R,G,B,A rows, top first
As a command: png_rgba.py FILE REF.rgba [Y0]
              exit 0 when FILE's pixels from row Y0 down (default 0) equal the
              raw RGBA bytes of REF; otherwise the first difference on stderr.
"""
import struct
import sys
import zlib


def load(path, w=320, h=480):
    d = open(path, 'rb').read()
    assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG (signature)'
    pos, idat, ihdr, end = 8, b'', None, False
    while pos < len(d):
        n, = struct.unpack('>I', d[pos:pos + 4])
        t, body = d[pos + 4:pos + 8], d[pos + 8:pos + 8 + n]
        assert zlib.crc32(t + body) == struct.unpack('>I', d[pos + 8 + n:pos + 12 + n])[0], 'chunk CRC'
        if t == b'IHDR':
            ihdr = body
        elif t == b'IDAT':
            idat += body
        elif t == b'IEND':
            end = True
        pos += 12 + n
    assert end and pos == len(d), 'IEND missing or not last'
    gw, gh, depth, ctype, _, _, lace = struct.unpack('>IIBBBBB', ihdr)
    assert (gw, gh, depth, ctype, lace) == (w, h, 8, 6, 0), ('IHDR', gw, gh, depth, ctype, lace)
    raw, stride, prev, rows = zlib.decompress(idat), w * 4, bytearray(w * 4), []
    assert len(raw) == h * (stride + 1), 'image data size'
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b = prev[i]
            c = prev[i - 4] if i >= 4 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            else:
                assert f == 0, 'filter type %d' % f
        rows.append(bytes(line))
        prev = line
    return b''.join(rows)


def main(argv):
    got = load(argv[1])
    ref = open(argv[2], 'rb').read()
    y0 = int(argv[3]) if len(argv) > 3 else 0
    stride = 320 * 4
    assert len(ref) == len(got), 'reference is %d bytes, the image %d' % (len(ref), len(got))
    bad = [i // 4 for i in range(y0 * stride, len(ref), 4) if got[i:i + 4] != ref[i:i + 4]]
    assert not bad, '%d pixels differ, first at x=%d y=%d' % (len(bad), bad[0] % 320, bad[0] // 320)


if __name__ == '__main__':
    try:
        main(sys.argv)
    except (AssertionError, OSError, zlib.error, struct.error) as e:
        sys.exit('png_rgba: %s' % e)
