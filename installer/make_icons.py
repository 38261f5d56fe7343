"""Draw the app icon from resources/icons/leadkeeper.svg as PNG, ICO and ICNS files.

Qt's own SVG renderer (offscreen, no display needed) draws each size, so the build needs
no image converter besides the PySide6 it already has. The ICO and ICNS containers hold
PNG images, which Windows (Vista and later) and macOS (10.7 and later) read.

    python installer/make_icons.py OUT_DIR

writes OUT_DIR/leadkeeper.ico, OUT_DIR/leadkeeper.icns and
OUT_DIR/hicolor/<N>x<N>/apps/leadkeeper.png. Generated files are build output: they go
to build/ and are never committed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

# A build tool, not part of app/: the Qt ban there does not apply.
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: TID251
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "leadkeeper.svg"
NAME = "leadkeeper"

# The sizes the freedesktop icon theme spec, Windows and macOS ask for.
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size (the @2x types reuse a larger image).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon drawn at `size` x `size` pixels on a transparent background, as PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"Qt could not encode the {size}px icon as PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (width/height 0 means 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = [], []
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        images.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(images)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file whose entries are PNG images."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out_dir: Path, svg: Path = SVG) -> list[Path]:
    """Write every icon file under `out_dir`; returns the paths written."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not an SVG file Qt can draw")
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}
    written: list[Path] = []
    for size in HICOLOR_SIZES:
        path = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    ico = out_dir / f"{NAME}.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out_dir / f"{NAME}.icns"
    icns.write_bytes(icns_bytes(pngs))
    return [*written, ico, icns]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python installer/make_icons.py OUT_DIR\n")
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # draws without a display
    app = QGuiApplication.instance() or QGuiApplication([argv[0]])
    paths = write_icons(Path(argv[1]))
    print(f"make_icons: wrote {len(paths)} files to {argv[1]}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
