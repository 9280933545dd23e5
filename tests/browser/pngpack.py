#!/usr/bin/python3
"""pngpack.py FILE.png... - rewrite 8-bit RGB(A) PNGs smaller, in place.

Python standard library only (no Pillow).  Opaque images become palette
PNGs: the 256 most frequent colours are kept and every other colour maps
to the nearest of them (flat artwork with anti-aliased edges loses
nothing visible).  Images with transparency are only recompressed.
"""
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + n]
        pos += 12 + n


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)


def unfilter(raw, w, h, bpp):
    stride = w * bpp
    out = bytearray()
    prev = bytearray(stride)
    pos = 0
    for _ in range(h):
        f = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        out += line
        prev = line
    return out


def pack(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    idat = b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or ctype not in (2, 6) or interlace:
        print(f"{path}: left as is")
        return
    bpp = 4 if ctype == 6 else 3
    px = unfilter(zlib.decompress(idat), w, h, bpp)
    opaque = bpp == 3 or all(px[i] == 255 for i in range(3, len(px), 4))
    sig = data[:8]
    if not opaque:
        rows = b"".join(b"\0" + bytes(px[y * w * 4:(y + 1) * w * 4]) for y in range(h))
        new = sig + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + \
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    else:
        colours = {}
        for i in range(0, len(px), bpp):
            c = bytes(px[i:i + 3])
            colours[c] = colours.get(c, 0) + 1
        keep = [c for c, _ in sorted(colours.items(), key=lambda kv: -kv[1])[:256]]
        index = {c: k for k, c in enumerate(keep)}
        for c in colours:
            if c not in index:
                index[c] = min(range(len(keep)), key=lambda k: sum((x - y) ** 2 for x, y in zip(c, keep[k])))
        rows = bytearray()
        for y in range(h):
            rows.append(0)
            base = y * w * bpp
            rows += bytes(index[bytes(px[base + x * bpp:base + x * bpp + 3])] for x in range(w))
        new = sig + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0)) + \
            chunk(b"PLTE", b"".join(keep)) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    if len(new) < len(data):
        open(path, "wb").write(new)
    print(f"{path}: {len(data)} -> {min(len(new), len(data))} bytes")


for f in sys.argv[1:]:
    pack(f)
