#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# report_check.py: checks of the map files and the HTML report that do
# not trust zoneguard's own code: a PNG decoder (zlib and the five PNG
# filters, from the specification), the PDF's MediaBox read from its
# text, the SVG parsed as XML, and the HTML walked with html.parser for
# unclosed tags and for anything that would reach outside the file.
# Standard library only. Each command prints one line per problem and
# exits 1 when there is one; otherwise it prints what it measured.
#
#   report_check.py png FILE W H MIN_COLOURS [box=X0,Y0,X1,Y1]
#                       [R,G,B,TOL,MIN_PIXELS ...]
#     (the colour counts are taken inside the box when one is given)
#   report_check.py pdf FILE W_PT H_PT         (our one-page map)
#   report_check.py printed FILE W_PT H_PT     (a browser's print: pages)
#   report_check.py svg FILE W_PT H_PT
#   report_check.py html FILE LANG
import collections
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser


def read_png(path):
    """(width, height, bytes per pixel, list of unfiltered rows)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG (bad signature)")
    pos, idat, ihdr = 8, [], None
    while pos + 8 <= len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        if zlib.crc32(typ + body) != crc:
            raise ValueError("bad CRC in chunk %r" % typ)
        pos += 12 + n
        if typ == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat.append(body)
        elif typ == b"IEND":
            break
    if not ihdr:
        raise ValueError("no IHDR")
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        raise ValueError("unsupported PNG layout %r" % (ihdr,))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        raise ValueError("image data has the wrong length")
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        elif f != 0:
            raise ValueError("unknown filter %d on row %d" % (f, y))
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def colour_counts(bpp, rows, box):
    """Counter of (r, g, b) over the pixels in box (grey: r = g = b)."""
    x0, y0, x1, y1 = box
    counts = collections.Counter()
    for row in rows[y0:y1]:
        row = row[x0 * bpp:x1 * bpp]
        if bpp >= 3:
            counts.update(row[i:i + 3] for i in range(0, len(row), bpp))
        else:
            counts.update(bytes([row[i]] * 3) for i in range(0, len(row), bpp))
    return counts


def check_png(path, w, h, min_colours, near):
    problems = []
    try:
        pw, ph, bpp, rows = read_png(path)
    except (OSError, ValueError, zlib.error) as e:
        return ["%s: %s" % (path, e)], ""
    if (pw, ph) != (w, h):
        problems.append("size %dx%d, expected %dx%d" % (pw, ph, w, h))
    box = (0, 0, pw, ph)
    if near and near[0].startswith("box="):
        box = tuple(int(v) for v in near.pop(0)[4:].split(","))
    counts = colour_counts(bpp, rows, box)
    if len(counts) < min_colours:
        problems.append("only %d distinct colours (blank?), expected at "
                        "least %d" % (len(counts), min_colours))
    found = []
    for spec in near:
        r, g, b, tol, need = (int(x) for x in spec.split(","))
        n = sum(c for k, c in counts.items()
                if abs(k[0] - r) <= tol and abs(k[1] - g) <= tol and
                abs(k[2] - b) <= tol)
        found.append("%d px near (%d,%d,%d)" % (n, r, g, b))
        if n < need:
            problems.append("only %d pixels within %d of (%d,%d,%d), "
                            "expected at least %d" % (n, tol, r, g, b, need))
    return problems, "%dx%d, %d colours; %s" % (pw, ph, len(counts),
                                                  ", ".join(found))


def check_pdf(path, w, h):
    data = open(path, "rb").read()
    problems = []
    if not data.startswith(b"%PDF-"):
        problems.append("does not start with %PDF-")
    if b"%%EOF" not in data[-1024:]:
        problems.append("no %%EOF at the end (truncated?)")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+"
                       rb"([-\d.]+)\s+([-\d.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    if pages != 1:
        problems.append("%d pages, expected 1" % pages)
    if not boxes:
        problems.append("no MediaBox")
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        if abs(x1 - x0 - w) > 0.5 or abs(y1 - y0 - h) > 0.5:
            problems.append("MediaBox %.2f x %.2f pt, expected %.2f x %.2f"
                            % (x1 - x0, y1 - y0, w, h))
    if b"DejaVuSans" not in data:
        problems.append("DejaVu Sans is not embedded")
    return problems, "%d bytes, MediaBox %s" % (
        len(data), " ".join(v.decode() for v in boxes[0]) if boxes else "-")


def check_printed(path, w, h):
    """A PDF printed by a browser: every page of size w x h (1 pt)."""
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        return ["does not start with %PDF-"], ""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+"
                       rb"([-\d.]+)\s+([-\d.]+)\s*\]", data)
    problems = []
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        if abs(x1 - x0 - w) > 1 or abs(y1 - y0 - h) > 1:
            problems.append("a page of %.2f x %.2f pt, expected %.2f x %.2f"
                            % (x1 - x0, y1 - y0, w, h))
            break
    if not boxes:
        problems.append("no page")
    return problems, "%d pages of %.0f x %.0f pt" % (len(boxes), w, h)


def check_svg(path, w, h):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return ["not well-formed XML: %s" % e], ""
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        problems.append("root element is %s, not svg" % root.tag)
    vb = [float(v) for v in root.get("viewBox", "").split()]
    if len(vb) != 4 or abs(vb[2] - w) > 0.5 or abs(vb[3] - h) > 0.5:
        problems.append("viewBox %r, expected 0 0 %.2f %.2f" % (vb, w, h))
    n = sum(1 for _ in root.iter())
    if n < 50:
        problems.append("only %d elements: nearly empty" % n)
    return problems, "%d elements, viewBox %s" % (n, root.get("viewBox"))


class Html(HTMLParser):
    # Elements without an end tag in HTML.
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "source", "track", "wbr"}
    # Attributes whose value the browser would load or follow.
    URL_ATTRS = {"src", "href", "xlink:href", "srcset", "action", "data",
                 "poster", "background", "formaction", "manifest"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []
        self.tags = collections.Counter()
        self.lang = None
        self.charset = None

    def _attrs(self, tag, attrs):
        self.tags[tag] += 1
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        for k, v in attrs:
            # The one link out: an <a> to a page of the run's atlas,
            # the PDF written beside the report.
            if tag == "a" and k == "href" and v is not None and \
                    re.fullmatch(r"atlas\.pdf#page=[1-9][0-9]*", v):
                continue
            if k in self.URL_ATTRS and v is not None and \
                    not v.startswith("#"):
                self.problems.append("line %d: <%s %s=%r> points outside "
                                     "the file" % (self.getpos()[0], tag,
                                                   k, v))

    def handle_starttag(self, tag, attrs):
        self._attrs(tag, attrs)
        if tag not in self.VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self._attrs(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_tag = self.stack[-1] if self.stack else None
            self.problems.append("line %d: </%s> closes %s" % (
                self.getpos()[0], tag,
                "<%s> of line %d" % open_tag if open_tag else "nothing"))
            while self.stack and self.stack[-1][0] != tag:
                self.stack.pop()
        if self.stack:
            self.stack.pop()


def check_html(path, lang):
    raw = open(path, "rb").read()
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not UTF-8: %s" % e], ""
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html> first")
    p = Html()
    p.feed(text)
    p.close()
    problems += p.problems
    for tag, line in p.stack:
        problems.append("<%s> of line %d is never closed" % (tag, line))
    if p.lang != lang:
        problems.append("<html lang=%r>, expected %r" % (p.lang, lang))
    if (p.charset or "").lower() != "utf-8":
        problems.append("no <meta charset=\"utf-8\">")
    if p.tags["svg"] < 1:
        problems.append("no inline <svg>")
    if p.tags["table"] < 1:
        problems.append("no table")
    for tag in ("script", "link", "img", "iframe", "object", "embed",
                "image", "base", "audio", "video", "source", "form"):
        if p.tags[tag]:
            problems.append("%d <%s> element(s)" % (p.tags[tag], tag))
    for pat, what in ((r"https?://", "an http(s):// address"),
                      (r"(?i)<\s*script", "a <script>"),
                      (r"(?i)url\(\s*(?!['\"]?#)", "a url() outside the file"),
                      (r"(?i)@import", "an @import"),
                      (r"(?i)javascript:", "a javascript: URL"),
                      (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]",
                       "a control character")):
        m = re.search(pat, text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            problems.append("line %d: %s: %r" % (
                line, what, text[max(0, m.start() - 30):m.end() + 30]))
    return problems, "%d bytes, %d elements (%d svg, %d table), lang %s" % (
        len(raw), sum(p.tags.values()), p.tags["svg"], p.tags["table"],
        p.lang)


def main(argv):
    cmd, path = argv[1], argv[2]
    if cmd == "png":
        problems, info = check_png(path, int(argv[3]), int(argv[4]),
                                   int(argv[5]), argv[6:])
    elif cmd == "pdf":
        problems, info = check_pdf(path, float(argv[3]), float(argv[4]))
    elif cmd == "printed":
        problems, info = check_printed(path, float(argv[3]), float(argv[4]))
    elif cmd == "svg":
        problems, info = check_svg(path, float(argv[3]), float(argv[4]))
    elif cmd == "html":
        problems, info = check_html(path, argv[3])
    else:
        print("unknown command %s" % cmd)
        return 2
    for line in problems:
        print(line)
    if not problems:
        print(info)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
