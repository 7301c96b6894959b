#!/usr/bin/env python3
"""Draws the Si Kopdes icons (a white cooperative house on merah-putih red) as PNG and SVG.

Made by the project, with nothing but the standard library, so no outside artwork or image tool
is needed. Run again after changing the shapes: python3 scripts/make-icons.py
"""
import struct
import zlib
from pathlib import Path

RED = (0xB3, 0x14, 0x1B)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"

# Shapes on a 100x100 canvas.
HOUSE = [(50, 18), (84, 46), (78, 46), (78, 82), (22, 82), (22, 46), (16, 46)]
DOOR = (43, 60, 57, 82)  # x0, y0, x1, y1
WINDOWS = [(30, 54, 38, 62), (62, 54, 70, 62)]


def inside_polygon(x, y, poly):
    inside = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def inside_rect(x, y, rect):
    x0, y0, x1, y1 = rect
    return x0 <= x <= x1 and y0 <= y <= y1


def inside_rounded(x, y, radius):
    cx = min(max(x, radius), 100 - radius)
    cy = min(max(y, radius), 100 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def colour_at(x, y, scale, rounded):
    """RGBA at canvas point (x, y); the house is scaled about the centre by `scale`."""
    if rounded and not inside_rounded(x, y, 18):
        return (0, 0, 0, 0)
    hx, hy = 50 + (x - 50) / scale, 50 + (y - 50) / scale
    if inside_polygon(hx, hy, HOUSE) and not inside_rect(hx, hy, DOOR) and not any(
        inside_rect(hx, hy, w) for w in WINDOWS
    ):
        return (*WHITE, 255)
    return (*RED, 255)


def render(size, scale, rounded, samples=3):
    rows = []
    step = 100 / size
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * step
                    y = (py + (sy + 0.5) / samples) * step
                    r, g, b, a = colour_at(x, y, scale, rounded)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = samples * samples
            alpha = acc[3] / n
            if alpha:
                row += bytes(round(c / acc[3]) for c in acc[:3]) + bytes([round(alpha)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, pixels):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels, 9))
        + chunk(b"IEND", b"")
    )


def svg():
    house = " ".join(f"{x},{y}" for x, y in HOUSE)
    holes = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="#b3141b"/>'
        for x0, y0, x1, y1 in [DOOR, *WINDOWS]
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<rect width="100" height="100" rx="18" fill="#b3141b"/>'
        f'<polygon points="{house}" fill="#fff"/>{holes}</svg>\n'
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, scale, rounded in [
        ("icon-192.png", 192, 1.0, True),
        ("icon-512.png", 512, 1.0, True),
        # Maskable: full-bleed background, artwork inside the 80% safe circle.
        ("maskable-512.png", 512, 0.72, False),
    ]:
        (OUT / name).write_bytes(png(size, render(size, scale, rounded)))
    (OUT / "icon.svg").write_text(svg())


if __name__ == "__main__":
    main()
