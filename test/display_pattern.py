#!/usr/bin/env python3
"""Reference image of the display test ROM (roms/soc/tests/display.c).

The ROM fills a 320x480 RGB565 framebuffer (window 1 of the display pipe)
with this pattern:
  - 8 vertical bars, 40 px wide, left to right: black 0x0000, red 0xF800,
    green 0x07E0, blue 0x001F, yellow 0xFFE0, cyan 0x07FF, magenta 0xF81F,
    grey 0x8410;
  - a white (0xFFFF) border 2 px wide on all four edges;
  - on top, an orange (0xFD20) diagonal: in every line y the pixel x = y*2//3
    (from (0,0) to (319,479)).
The display pipe (dev/lcd.c lcd_render) expands RGB565 by bit replication:
R8 = r5<<3 | r5>>2, G8 = g6<<2 | g6>>4, B8 = b5<<3 | b5>>2, A = 255.

Usage:
  test/display_pattern.py OUT.rgba   write the 320x480 image as raw R,G,B,A
                                     bytes (614400 bytes, rows top to bottom)
  test/display_pattern.py --hash     print the FNV-1a hash of the RGB565
                                     framebuffer bytes (little-endian), the
                                     value the ROM checks (FB_FNV1A)
"""
import sys

W, H = 320, 480
BARS = [0x0000, 0xF800, 0x07E0, 0x001F, 0xFFE0, 0x07FF, 0xF81F, 0x8410]
BORDER = 2
WHITE = 0xFFFF
LINE = 0xFD20


def pixel565(x, y):
    if x == y * 2 // 3:
        return LINE
    if x < BORDER or y < BORDER or x >= W - BORDER or y >= H - BORDER:
        return WHITE
    return BARS[x // (W // 8)]


def expand(v):
    r, g, b = v >> 11, (v >> 5) & 0x3F, v & 0x1F
    return bytes(((r << 3 | r >> 2) & 0xFF, (g << 2 | g >> 4) & 0xFF, (b << 3 | b >> 2) & 0xFF, 0xFF))


def fnv1a():
    h = 2166136261
    for y in range(H):
        for x in range(W):
            p = pixel565(x, y)
            for byte in (p & 0xFF, p >> 8):
                h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def rgba():
    cache = {}
    out = bytearray()
    for y in range(H):
        for x in range(W):
            p = pixel565(x, y)
            if p not in cache:
                cache[p] = expand(p)
            out += cache[p]
    return bytes(out)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    if argv[1] == "--hash":
        print("0x%08x" % fnv1a())
        return 0
    with open(argv[1], "wb") as f:
        f.write(rgba())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
