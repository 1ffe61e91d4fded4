"""A minimal PDF writer for tests: Chinese text at given positions, ruled tables, image-only pages.

No dependency: text uses the predefined CJK font STSong-Light with the UniGB-UTF16-H encoding (nothing is
embedded; pdfminer maps the codes back to Unicode with its own CMaps).  Coordinates are points from the
page's top-left corner, as pdfplumber reports them.  CJK glyphs are 1 em wide, ASCII ½ em.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

Cell = str | tuple[str, int] | tuple[str, int, int]  # text, or (text, colspan), or (text, colspan, rowspan)


def width_of(text: str, size: float) -> float:
    return sum(size / 2 if ord(ch) < 128 else size for ch in text)


@dataclass
class Page:
    width: float = 595.0
    height: float = 842.0
    ops: list[str] = field(default_factory=list)
    image: bool = False

    def text(self, x: float, top: float, text: str, size: float = 10.0) -> None:
        """``text`` with its top-left corner at (x, top)."""
        code = text.encode("utf-16-be").hex().upper()
        baseline = self.height - top - size * 0.88
        self.ops.append(f"BT /F1 {size:g} Tf {x:.2f} {baseline:.2f} Td <{code}> Tj ET")

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        h = self.height
        self.ops.append(f"0.5 w {x0:.2f} {h - top0:.2f} m {x1:.2f} {h - top1:.2f} l S")

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        for a, b in (((x0, top), (x1, top)), ((x0, bottom), (x1, bottom)), ((x0, top), (x0, bottom)),
                     ((x1, top), (x1, bottom))):
            self.line(a[0], a[1], b[0], b[1])

    def table(self, xs: list[float], top: float, rows: list[list[Cell]], height: float = 18.0,
              size: float = 9.0, align_numbers: bool = True, rules: bool = True) -> float:
        """A ruled table: ``xs`` the column edges, each row's cells left to right (spans skip covered
        columns; a cell covered by a rowspan from above is simply not given).  Returns the bottom."""
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in covered:
                    c += 1
                text, cols, span = (cell, 1, 1) if isinstance(cell, str) else (*cell, 1)[:3]  # type: ignore[misc]
                x0, x1 = xs[c], xs[c + cols]
                y0, y1 = top + r * height, top + (r + span) * height
                for rr in range(r, r + span):
                    covered.update((rr, cc) for cc in range(c, c + cols))
                if rules:
                    self.box(x0, y0, x1, y1)
                self._cell_text(str(text), x0, x1, (y0 + y1) / 2, size, align_numbers)
                c += cols
        return top + len(rows) * height

    def _cell_text(self, text: str, x0: float, x1: float, middle: float, size: float, align: bool) -> None:
        lines = text.split("\n") if text else []
        for k, piece in enumerate(lines):
            top = middle - len(lines) * size * 0.6 + k * size * 1.2
            numeric = align and piece.replace(",", "").replace(".", "").replace("-", "").isdigit() and "." in piece
            x = x1 - 3 - width_of(piece, size) if numeric else x0 + 3
            self.text(x, top, piece, size)

    def add_image(self) -> None:
        """Paint a grey image over the page (a scan)."""
        self.image = True
        self.ops.append(f"q {self.width:.2f} 0 0 {self.height:.2f} 0 0 cm /Im1 Do Q")


@dataclass
class PdfMaker:
    pages: list[Page] = field(default_factory=list)

    def page(self, landscape: bool = False) -> Page:
        page = Page(842.0, 595.0) if landscape else Page()
        self.pages.append(page)
        return page

    def save(self, path: Path) -> Path:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")
        pages_id = add(b"")
        descriptor = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -120 1000 880] "
                         b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
        cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry "
                  b"(Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>"
                  % descriptor)
        font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
                   b"/DescendantFonts [%d 0 R] >>" % cid)
        image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x90\xa0\xb0\nendstream")
        kids = []
        for page in self.pages:
            data = zlib.compress("\n".join(page.ops).encode("ascii"))
            content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
            xobject = b" /XObject << /Im1 %d 0 R >>" % image if page.image else b""
            kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 "
                            b"%d 0 R >>%s >> /Contents %d 0 R >>"
                            % (pages_id, page.width, page.height, font, xobject, content)))
        objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
        objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
        path.write_bytes(bytes(out))
        return path
