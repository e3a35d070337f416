"""A minimal PDF writer: one or more pages of plain text in Helvetica.

Enough for the summary document of a productaanvraag and the demo documents, so that what the
gateway serves for download opens in any PDF viewer. No dependency, no fonts to embed.
"""

from __future__ import annotations

LINES_PER_PAGE = 48


def _escape(text: str) -> str:
    safe = text.encode("latin-1", errors="replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tekst_pdf(titel: str, regels: list[str]) -> bytes:
    """A PDF with `titel` in bold on top and `regels` below, paginated."""
    pages: list[list[str]] = []
    body = list(regels) or [""]
    while body:
        pages.append(body[:LINES_PER_PAGE])
        body = body[LINES_PER_PAGE:]

    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add(b"")  # placeholder, filled below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    kids: list[int] = []
    for number, page_lines in enumerate(pages):
        ops = ["BT", "/F2 14 Tf", "56 790 Td", f"({_escape(titel)}) Tj", "/F1 10 Tf", "0 -24 Td"]
        if len(pages) > 1:
            ops[3] = f"({_escape(titel)} ({number + 1}/{len(pages)})) Tj"
        for line in page_lines:
            ops.append(f"({_escape(line)}) Tj")
            ops.append("0 -15 Td")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                    f"/Contents {content} 0 R >>"
                ).encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
