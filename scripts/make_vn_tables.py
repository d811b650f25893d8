#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write engine/io/vn_tables.h: the byte and letter tables that
engine/io/legacy_text.c uses to decode TCVN3 (ABC) and VNI-Windows text and
to compose Vietnamese letters to NFC without iconv or ICU.

Run from anywhere (paths are relative to the repository):

    /usr/bin/python3 scripts/make_vn_tables.py

It needs only Python's standard library and glibc's iconv program
(/usr/bin/iconv). Output is deterministic; commit the generated header.

Where each table comes from
---------------------------

* TCVN3 byte table (ZG_VN_TCVN3): every byte 0x00-0xFF decoded on its own
  by glibc's `iconv -f TCVN5712-1 -t UTF-8` (the command-line program, which
  flushes the decoder, unlike GDAL 3.6; see shared/docs/domain.md s.4).
  glibc's TCVN5712-1 is the full VN1 set. TCVN3/ABC (".VnTime" fonts) is
  VN3, a subset: the lower-case letters, the untoned capitals A1-A7
  (Ă Â Ê Ô Ơ Ư Đ) and ASCII. VN1 additionally maps 80-9F, AF, BA, BF, C0-C5,
  CD, D9-DB, E0, F0, FF and the controls 01, 02, 04-06, 11-17 to upper-case
  toned letters, and B0-B4 are combining tone marks. Those codes never occur
  in VN3 text, so decoding them as VN1 does is harmless for TCVN3 files and
  right for VN1 ones. ZG_VN_TCVN3_VN1_ONLY marks them (the script checks
  that glibc maps every one to a capital or a combining mark); detection
  uses it, since real TCVN3 text never holds them. TCVN3 has no codes
  for upper-case toned vowels (they were typed with lower-case codes in
  ".VnTimeH" capital fonts), so case is lost and cannot be recovered.
* VNI-Windows (ZG_VNI_MARK, ZG_VNI_SINGLE): not in iconv. Transcribed from
  the table in shared/docs/domain.md s.4 (sources given there: lamdao/xvnkb
  `vni.h`, duydev/vietnamese-conversion). A letter is a base byte plus an
  optional mark byte; upper case is the same table with an upper-case base
  and the mark byte - 0x20. Nine letters are single bytes. Every other byte
  is its Windows-1252 character (ZG_CP1252_HI: Python's cp1252 codec;
  0 where cp1252 leaves the byte undefined).
* Vietnamese letters (ZG_VN_LETTERS, ZG_VN_COMPOSE, ZG_VN_PAIRS): every
  precomposed Vietnamese letter, lower and upper case (a ă â e ê i o ô ơ u ư
  y with no tone or one of five tones, and đ Đ), built and checked with
  Python's unicodedata: its full canonical decomposition (NFD), its
  lower-case form, and the canonical composition pairs (first, mark) ->
  composite whose composite is a Vietnamese letter. The marks are U+0300
  grave, U+0301 acute, U+0303 tilde, U+0309 hook above, U+0323 dot below,
  U+0302 circumflex, U+0306 breve, U+031B horn.
"""

import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_REL = "engine/io/vn_tables.h"
OUT = os.path.join(ROOT, OUT_REL)
ICONV = "/usr/bin/iconv"

# Modifiers and tones, in the order of the ZG_VN_MOD_* / ZG_VN_TONE_* codes.
MODS = [None, "\u0302", "\u0306", "\u031B", "stroke"]  # none ^ breve horn đ
MOD_NAMES = ["NONE", "CIRCUMFLEX", "BREVE", "HORN", "STROKE"]
TONES = [None, "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
TONE_NAMES = ["NONE", "GRAVE", "ACUTE", "HOOK", "TILDE", "DOT"]
MARKS = ["\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309",
         "\u031B", "\u0323"]
BASES = "aeiouyd"  # ZG_VN_COMPOSE's first index: 2 * BASES.index(b) + upper

# The vowels with their modifiers (shared/docs/domain.md s.4).
VOWELS = [("a", 0), ("a", 2), ("a", 1), ("e", 0), ("e", 1), ("i", 0),
          ("o", 0), ("o", 1), ("o", 3), ("u", 0), ("u", 3), ("y", 0)]


def compose(base, mod, tone):
    """The NFC string for base letter + modifier + tone (may be several code
    points when Unicode has no precomposed letter)."""
    if MODS[mod] == "stroke":
        s = "đ" if base.islower() else "Đ"
        return s if tone == 0 else None
    s = base + (MODS[mod] or "") + (TONES[tone] or "")
    return unicodedata.normalize("NFC", s)


def letters():
    """[(cp, base, mod, tone)] for every precomposed Vietnamese letter."""
    out = []
    for b, mod in VOWELS + [("d", 4)]:
        for upper in (False, True):
            base = b.upper() if upper else b
            for tone in range(6 if mod != 4 else 1):
                s = compose(base, mod, tone)
                if mod == 0 and tone == 0:
                    continue  # plain ASCII
                assert s is not None and len(s) == 1, (base, mod, tone, s)
                out.append((ord(s), base, mod, tone))
    out.sort()
    assert len(out) == 134, len(out)
    return out


def tcvn3_table():
    table = []
    for b in range(256):
        p = subprocess.run([ICONV, "-f", "TCVN5712-1", "-t", "UTF-8"],
                           input=bytes([b]), capture_output=True)
        if p.returncode != 0:
            raise SystemExit("iconv failed on byte %02X: %s" % (b, p.stderr))
        s = p.stdout.decode("utf-8")
        assert len(s) == 1, (b, s)
        table.append(ord(s))
    return table


# VN3 (TCVN3/ABC) uses these codes; the rest of the non-ASCII range and the
# C0 controls that glibc maps to letters are VN1 only (domain.md s.4).
VN1_ONLY = (set(range(0x80, 0xA0)) | {0xAF, 0xBA, 0xBF} |
            set(range(0xC0, 0xC6)) | {0xCD, 0xD9, 0xDA, 0xDB, 0xE0, 0xF0,
                                      0xFF} |
            {0x01, 0x02, 0x04, 0x05, 0x06} | set(range(0x11, 0x18)) |
            set(range(0xB0, 0xB5)))

# VNI-Windows, lower case (domain.md s.4). Mark byte -> (modifier, tone).
VNI_MARKS = {
    0xF9: (0, 2), 0xF8: (0, 1), 0xFB: (0, 3), 0xF5: (0, 4), 0xEF: (0, 5),
    0xE2: (1, 0), 0xE1: (1, 2), 0xE0: (1, 1), 0xE5: (1, 3), 0xE3: (1, 4),
    0xE4: (1, 5),
    0xEA: (2, 0), 0xE9: (2, 2), 0xE8: (2, 1), 0xFA: (2, 3), 0xFC: (2, 4),
    0xEB: (2, 5),
}
# Single-byte letters, lower case.
VNI_SINGLE = {0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì",
              0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ"}


def vni_encode(text):
    """Encode NFC text as VNI-Windows with the tables above (used only for
    the self-check against domain.md's worked examples)."""
    single = {}
    for b, ch in VNI_SINGLE.items():
        single[ch] = b
        single[ch.upper()] = b - 0x20
    marks = {v: k for k, v in VNI_MARKS.items()}
    info = {chr(cp): (base, mod, tone) for cp, base, mod, tone in letters()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in single:
            out.append(single[ch])
        elif ch in info:
            base, mod, tone = info[ch]
            up = base.isupper()
            if mod == 3:  # horn: ơ/ư byte, then a tone byte
                out.append(single[compose(base, 3, 0)])
                mod = 0
            else:
                out.append(ord(base))
            if mod or tone:
                out.append(marks[(mod, tone)] - (0x20 if up else 0))
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def check_vni():
    # The worked examples of domain.md s.4.
    assert vni_encode("Cụm") == b"Cu\xefm"
    assert vni_encode("Hà Nội") == b"Ha\xf8 No\xe4i"
    assert vni_encode("Phú Xuyên") == b"Phu\xf9 Xuye\xe2n"
    # "No mark byte is ever a base letter": the single-byte letters and
    # the mark bytes, in both cases, are disjoint.
    mark_bytes = set(VNI_MARKS) | {m - 0x20 for m in VNI_MARKS}
    for b, ch in VNI_SINGLE.items():
        assert b not in mark_bytes and b - 0x20 not in mark_bytes, hex(b)
        assert ch.upper() != ch


def main():
    lets = letters()
    tcvn = tcvn3_table()
    iconv_version = subprocess.run([ICONV, "--version"], capture_output=True,
                                   text=True).stdout.splitlines()[0]
    check_vni()
    # A glance at domain.md's sample bytes, so a changed glibc is noticed.
    for b, ch in [(0xB5, "à"), (0xB8, "á"), (0xB6, "ả"), (0xB7, "ã"),
                  (0xB9, "ạ"), (0xA8, "ă"), (0xA9, "â"), (0xAA, "ê"),
                  (0xAB, "ô"), (0xAC, "ơ"), (0xAD, "ư"), (0xAE, "đ"),
                  (0xF4, "ụ"), (0xF7, "ữ"), (0xDC, "ĩ"), (0xD6, "ệ"),
                  (0xA7, "Đ"), (0xE9, "ộ")]:
        assert tcvn[b] == ord(ch), (hex(b), hex(tcvn[b]), ch)
    for b in range(0xB0, 0xB5):
        assert unicodedata.combining(chr(tcvn[b])), hex(b)
    for b in VN1_ONLY:
        ch = chr(tcvn[b])
        assert unicodedata.combining(ch) or ch.isupper(), hex(b)

    # Canonical composition pairs among Vietnamese letters.
    vn = {cp for cp, _, _, _ in lets}
    pairs = []
    for cp, _, _, _ in lets:
        d = unicodedata.decomposition(chr(cp))
        if not d:
            continue
        a, m = [int(x, 16) for x in d.split()]
        assert chr(m) in MARKS and (a < 0x80 or a in vn), hex(cp)
        pairs.append((a, m, cp))
    pairs.sort()
    assert len(pairs) == len(lets) - 2  # all but đ Đ

    L = []
    w = L.append
    w("/* SPDX-License-Identifier: MIT")
    w(" *")
    w(" * vn_tables.h: GENERATED by scripts/make_vn_tables.py; do not edit.")
    w(" * Regenerate with /usr/bin/python3 scripts/make_vn_tables.py.")
    w(" *")
    w(" * Sources (details in the script's docstring):")
    w(" *  - ZG_VN_TCVN3: each byte decoded alone by glibc iconv TCVN5712-1")
    w(" *    (%s)." % iconv_version)
    w(" *    glibc's table is VN1; TCVN3/ABC (.VnTime fonts) is VN3, a subset")
    w(" *    (lower-case letters, capitals A1-A7 Ă Â Ê Ô Ơ Ư Đ, ASCII). The")
    w(" *    VN1-only codes (upper-case toned letters at 80-9F, AF, BA, BF,")
    w(" *    C0-C5, CD, D9-DB, E0, F0, FF and controls 01 02 04-06 11-17;")
    w(" *    combining tones B0-B4) never occur in VN3 text and are decoded")
    w(" *    as VN1 says. TCVN3 has no upper-case toned vowels: case is lost.")
    w(" *  - ZG_VNI_*: VNI-Windows, transcribed from shared/docs/domain.md")
    w(" *    s.4 (after lamdao/xvnkb vni.h); upper case = mark byte - 0x20.")
    w(" *  - ZG_VN_LETTERS, ZG_VN_COMPOSE, ZG_VN_PAIRS: Python %s unicodedata"
      % sys.version.split()[0])
    w(" *    (Unicode %s)." % unicodedata.unidata_version)
    w(" */")
    w("#ifndef ZG_VN_TABLES_H")
    w("#define ZG_VN_TABLES_H")
    w("")
    w("#include <stdint.h>")
    w("")
    for i, n in enumerate(MOD_NAMES):
        w("#define ZG_VN_MOD_%s %d" % (n, i))
    for i, n in enumerate(TONE_NAMES):
        w("#define ZG_VN_TONE_%s %d" % (n, i))
    w("")
    w("/* The combining marks of Vietnamese. */")
    for m in MARKS:
        w("#define ZG_VN_MARK_%s 0x%04X" % (
            unicodedata.name(m).replace("COMBINING ", "").replace(" ", "_"),
            ord(m)))
    w("")
    w("/* TCVN3 (VN1 superset, glibc) byte -> Unicode. */")
    w("static const uint16_t ZG_VN_TCVN3[256] = {")
    for r in range(0, 256, 8):
        w("    " + " ".join("0x%04X," % tcvn[b] for b in range(r, r + 8)))
    w("};")
    w("")
    w("/* 1 for the codes only VN1 has (never in TCVN3/ABC = VN3 text). */")
    w("static const uint8_t ZG_VN_TCVN3_VN1_ONLY[256] = {")
    for r in range(0, 256, 16):
        w("    " + " ".join("%d," % (b in VN1_ONLY) for b in range(r, r + 16)))
    w("};")
    w("")
    w("/* Windows-1252 bytes 0x80-0x9F -> Unicode (0: undefined). */")
    w("static const uint16_t ZG_CP1252_HI[32] = {")
    hi = []
    for b in range(0x80, 0xA0):
        try:
            hi.append(ord(bytes([b]).decode("cp1252")))
        except UnicodeDecodeError:
            hi.append(0)
    for r in range(0, 32, 8):
        w("    " + " ".join("0x%04X," % v for v in hi[r:r + 8]))
    w("};")
    w("")
    w("/* VNI-Windows mark bytes: (modifier << 4 | tone), 0 when the byte is")
    w(" * not a mark; lower-case marks at their byte, upper case at - 0x20. */")
    marks = [0] * 256
    for b, (mod, tone) in VNI_MARKS.items():
        marks[b] = mod << 4 | tone
        marks[b - 0x20] = mod << 4 | tone
    w("static const uint8_t ZG_VNI_MARK[256] = {")
    for r in range(0, 256, 16):
        w("    " + " ".join("0x%02X," % marks[b] for b in range(r, r + 16)))
    w("};")
    w("/* 1 when ZG_VNI_MARK[b] is an upper-case mark byte. */")
    w("#define ZG_VNI_MARK_IS_UPPER(b) ((b) < 0xE0)")
    w("")
    w("/* VNI-Windows single-byte letters: byte -> Unicode (0: none). */")
    single = [0] * 256
    for b, ch in VNI_SINGLE.items():
        single[b] = ord(ch)
        single[b - 0x20] = ord(ch.upper())
    w("static const uint16_t ZG_VNI_SINGLE[256] = {")
    for r in range(0, 256, 8):
        if any(single[r:r + 8]):
            w("    [0x%02X] = " % r + " ".join(
                "0x%04X," % single[b] for b in range(r, r + 8)))
    w("};")
    w("")
    w("/* A precomposed Vietnamese letter. */")
    w("typedef struct zg_vn_letter {")
    w("    uint16_t cp;     /* the letter */")
    w("    uint16_t lower;  /* its lower-case form (itself if lower case) */")
    w("    uint16_t nfd[3]; /* full canonical decomposition, 0-padded */")
    w("    char base;       /* ASCII base letter, in the letter's case */")
    w("    uint8_t mod;     /* ZG_VN_MOD_* */")
    w("    uint8_t tone;    /* ZG_VN_TONE_* */")
    w("} zg_vn_letter;")
    w("")
    w("/* Every precomposed Vietnamese letter, sorted by code point. */")
    w("#define ZG_VN_NLETTERS %d" % len(lets))
    w("static const zg_vn_letter ZG_VN_LETTERS[ZG_VN_NLETTERS] = {")
    for cp, base, mod, tone in lets:
        ch = chr(cp)
        nfd = [ord(c) for c in unicodedata.normalize("NFD", ch)]
        nfd += [0] * (3 - len(nfd))
        w("    {0x%04X, 0x%04X, {0x%04X, 0x%04X, 0x%04X}, '%s', %d, %d}, /* %s */"
          % (cp, ord(ch.lower()), nfd[0], nfd[1], nfd[2], base, mod, tone,
             ch))
    w("};")
    w("")
    w("/* [2 * index of the base in \"%s\" + upper][mod][tone] -> the letter" %
      BASES)
    w(" * (the ASCII base for no mark; 0 when Vietnamese has no such letter). */")
    w("static const uint16_t ZG_VN_COMPOSE[%d][5][6] = {" % (2 * len(BASES)))
    info = {(base, mod, tone): cp for cp, base, mod, tone in lets}
    for b in BASES:
        for base in (b, b.upper()):
            w("    { /* %s */" % base)
            for mod in range(5):
                row = []
                for tone in range(6):
                    if mod == 0 and tone == 0:
                        row.append(ord(base))
                    else:
                        row.append(info.get((base, mod, tone), 0))
                w("        {" + ", ".join("0x%04X" % v for v in row) + "},")
            w("    },")
    w("};")
    w("")
    w("/* Canonical composition pairs (first, mark) -> composite, restricted to")
    w(" * Vietnamese composites; sorted by first, then mark. */")
    w("typedef struct zg_vn_pair {")
    w("    uint16_t first, mark, composite;")
    w("} zg_vn_pair;")
    w("#define ZG_VN_NPAIRS %d" % len(pairs))
    w("static const zg_vn_pair ZG_VN_PAIRS[ZG_VN_NPAIRS] = {")
    for a, m, c in pairs:
        w("    {0x%04X, 0x%04X, 0x%04X}, /* %s */" % (
            a, m, c, unicodedata.normalize("NFC", chr(c))))
    w("};")
    w("")
    w("#endif /* ZG_VN_TABLES_H */")
    text = "\n".join(L) + "\n"
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d letters, %d pairs)" % (OUT_REL, len(lets), len(pairs)))


if __name__ == "__main__":
    main()
