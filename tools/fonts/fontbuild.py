#!/usr/bin/python3
"""Font preparation helper for fonts/ (development time only; called by build-fonts.sh).

Run with Debian's python3 and python3-fonttools (4.38):  /usr/bin/python3 fontbuild.py <command> ...

Commands
  convert SRC.otf OUT.ttf [--notice TEXT]
      CFF (incl. CID-keyed) OpenType -> TrueType glyf (cu2qu, max_err 1.0 font units,
      reverse_direction=True), then metric check/fix (hhea descender sign, OS/2 win >= bbox).
  ext SRC.ttc PSNAME REF.ttf OUT.ttf
      Take face PSNAME from SRC.ttc, subset it to exactly the code points REF.ttf lacks
      (all name records kept, .notdef outline kept, all layout features kept), then convert as above.
  check SRC OUT [--face PSNAME] [--ref REF.ttf]
      Verify OUT: TrueType glyf, no CFF/VORG/fvar, hhea ascender > 0 > descender, cmap equal to SRC
      (same subtables, same code point -> glyph id; with --ref: same code point set as SRC minus REF,
      same advance widths), outline winding and area preserved for every glyph. Exit 1 on failure.
  name FILE ID [--face PSNAME]
      Print name ID (e.g. 0 = copyright) of a font or of a face of a collection.
  manifest FONTDIR SPEC.json OUT.json
      Write fonts.json: roles from SPEC plus sha256, size, names and metrics read from each file.

Output is deterministic: head.modified is kept from the source, no timestamps are added.
"""
import hashlib
import json
import os
import sys
import time

import fontTools
from fontTools import subset
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0          # font units (unitsPerEm 1000)
REVERSE_DIRECTION = True  # CFF contours run counter-clockwise, TrueType clockwise
POST_FORMAT = 3.0      # CID-keyed sources only have cidNNNNN names: no point storing them


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- conversion

def glyphs_to_quadratic(glyphset, order):
    out = {}
    for name in order:
        tt = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(tt, MAX_ERR, reverse_direction=REVERSE_DIRECTION))
        out[name] = tt.glyph()
    return out


def cff_to_glyf(font):
    """The classic fontTools otf2ttf recipe (Snippets/otf2ttf.py), in place."""
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise SystemExit("not a CFF OpenType font")
    order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs_to_quadratic(font.getGlyphSet(), order)
    del font["CFF "]
    if "VORG" in font:        # vertical origins are CFF-only; TrueType derives them from vmtx
        del font["VORG"]
    glyf.compile(font)        # computes every glyph's bounding box
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():   # TrueType: lsb must equal xMin
        if hasattr(g, "xMin"):
            hmtx[name] = (hmtx[name][0], g.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyf.glyphs.values() if hasattr(g, "components")), default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = POST_FORMAT
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def glyf_bounds(font):
    glyf = font["glyf"]
    ys = [(g.yMin, g.yMax) for g in (glyf[n] for n in font.getGlyphOrder()) if hasattr(g, "yMin") and g.numberOfContours]
    return min(y[0] for y in ys), max(y[1] for y in ys)


def fix_metrics(font):
    """hhea ascender > 0 > descender; typo descender negative; win metrics cover the glyph bbox."""
    notes = []
    hhea, os2 = font["hhea"], font["OS/2"]
    if hhea.ascent <= 0:
        raise SystemExit(f"hhea.ascent {hhea.ascent} <= 0: fix by hand")
    if hhea.descent > 0:   # FandolSong-style sign bug (hhea.descender +200)
        hhea.descent = -hhea.descent
        notes.append(f"hhea descender sign fixed (+{-hhea.descent} -> {hhea.descent})")
    if os2.sTypoDescender > 0:
        os2.sTypoDescender = -os2.sTypoDescender
        notes.append("OS/2 sTypoDescender sign fixed")
    if hhea.descent == 0:
        raise SystemExit("hhea.descent == 0: fix by hand")
    if "glyf" in font:
        ymin, ymax = glyf_bounds(font)
        if os2.usWinAscent < ymax or os2.usWinDescent < -ymin:
            old = (os2.usWinAscent, os2.usWinDescent)
            os2.usWinAscent = max(os2.usWinAscent, ymax)
            os2.usWinDescent = max(os2.usWinDescent, -ymin)
            notes.append(f"OS/2 usWin{old} -> ({os2.usWinAscent}, {os2.usWinDescent}) to cover the bbox")
    return notes


def add_notice(font, text):
    """GPL-3 s.5(a): a modified work must carry a prominent notice (name ID 10, Description)."""
    name = font["name"]
    old = name.getDebugName(10)
    desc = (old + " " if old else "") + text
    name.setName(desc, 10, 3, 1, 0x409)
    name.setName(desc, 10, 1, 0, 0)


def save(font, out):
    tmp = out + ".tmp"
    font.save(tmp)
    os.replace(tmp, out)


def cmd_convert(src, out, notice=None):
    t = time.time()
    font = TTFont(src, recalcTimestamp=False)
    cff_to_glyf(font)
    notes = fix_metrics(font)
    if notice:
        add_notice(font, notice)
    save(font, out)
    log(f"{out}: converted in {time.time() - t:.1f} s; {'; '.join(notes) or 'metrics OK, unchanged'}")
    print("; ".join(notes) or "unchanged")   # captured by build-fonts.sh
    return notes


def open_face(path, psname=None):
    if psname is None:
        return TTFont(path, recalcTimestamp=False)
    from fontTools.ttLib import TTCollection
    for i, f in enumerate(TTCollection(path, lazy=True).fonts):
        if f["name"].getDebugName(6) == psname:
            return TTFont(path, fontNumber=i, recalcTimestamp=False)
    raise SystemExit(f"face {psname} not in {path}")


def ext_codepoints(src_face, ref_path):
    ref = set(TTFont(ref_path, lazy=True).getBestCmap())
    return sorted(set(src_face.getBestCmap()) - ref)


def cmd_ext(ttc, psname, ref, out):
    t = time.time()
    font = open_face(ttc, psname)
    cps = ext_codepoints(font, ref)
    opts = subset.Options(
        name_IDs=["*"], name_languages=["*"], name_legacy=True,   # keep the name table whole
        notdef_outline=True, notdef_glyph=True,
        legacy_cmap=True, symbol_cmap=True,   # default layout features (ccmp locl vert ljmo kern mark ...)
        recalc_bounds=True, recalc_timestamp=False)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    log(f"{out}: subset to {len(cps)} code points, {len(font.getGlyphOrder())} glyphs in {time.time() - t:.1f} s")
    cff_to_glyf(font)
    notes = fix_metrics(font)
    save(font, out)
    log(f"{out}: done in {time.time() - t:.1f} s; {'; '.join(notes) or 'metrics OK, unchanged'}")
    print("; ".join(notes) or "unchanged")   # captured by build-fonts.sh


HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def is_han(cp):
    return any(a <= cp <= b for a, b in HAN)


def in_gb2312(cp):
    try:
        chr(cp).encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


# what a page number needs ("— 12 —", "第 3 页"): Latin, general and CJK punctuation, full-width forms
PAGENUM = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))


def cmd_lite(src, out, scope):
    """A quick-loading copy of a large Noto SC face: `gb2312` keeps every code point but the Han
    ideographs outside GB 2312 (the full face follows it in the fallback chain, so nothing is lost);
    `pagenum` keeps only what page numbers use. Outlines, metrics and names are unchanged."""
    t = time.time()
    font = TTFont(src, recalcTimestamp=False)
    have = set(font.getBestCmap())
    if scope == "gb2312":
        cps = sorted(cp for cp in have if not is_han(cp) or in_gb2312(cp))
    elif scope == "pagenum":
        cps = sorted(cp for cp in have if any(a <= cp <= b for a, b in PAGENUM))
    else:
        raise SystemExit(f"lite: unknown scope {scope}")
    opts = subset.Options(
        name_IDs=["*"], name_languages=["*"], name_legacy=True,
        notdef_outline=True, notdef_glyph=True, glyph_names=True,
        legacy_cmap=True, symbol_cmap=True, layout_features=["*"],
        hinting=True, recalc_bounds=False, recalc_timestamp=False)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    save(font, out)
    log(f"{out}: {scope}, {len(cps)} of {len(have)} code points, {len(font.getGlyphOrder())} glyphs in {time.time() - t:.1f} s")


# --------------------------------------------------------------------------- checks

def cmap_by_gid(font):
    gid = {n: i for i, n in enumerate(font.getGlyphOrder())}
    res = {}
    for t in font["cmap"].tables:
        key = (t.platformID, t.platEncID, t.format)
        if t.format == 14:
            res[key] = {vs: sorted((u, None if g is None else gid[g]) for u, g in lst)
                        for vs, lst in t.uvsDict.items()}
        else:
            res[key] = {u: gid[g] for u, g in t.cmap.items()}
    return res


def glyph_area_bounds(gs, name):
    a, b = AreaPen(gs), BoundsPen(gs)
    gs[name].draw(a)
    gs[name].draw(b)
    return a.value, b.bounds


def cmd_check(src, out, face=None, ref=None):
    errors = []
    s = open_face(src, face)
    o = TTFont(out)
    if o.sfntVersion != "\x00\x01\x00\x00":
        errors.append(f"sfntVersion {o.sfntVersion!r}")
    for tag in ("CFF ", "CFF2", "VORG", "fvar", "gvar"):
        if tag in o:
            errors.append(f"table {tag} present")
    for tag in ("glyf", "loca", "hhea", "hmtx", "maxp", "cmap", "name", "OS/2", "post", "head"):
        if tag not in o:
            errors.append(f"table {tag} missing")
    if o["maxp"].tableVersion != 0x00010000:
        errors.append("maxp not 1.0")
    h = o["hhea"]
    if not (h.ascent > 0 > h.descent):
        errors.append(f"hhea ascent/descent {h.ascent}/{h.descent}")
    upm = o["head"].unitsPerEm
    scp, ocp = s.getBestCmap(), o.getBestCmap()
    if ref:
        want = set(scp) - set(TTFont(ref, lazy=True).getBestCmap())
        if set(ocp) != want:
            errors.append(f"code points: {len(set(ocp) ^ want)} differ from source-minus-ref")
        gs_s, gs_o = s.getGlyphSet(), o.getGlyphSet()
        pairs = [(scp[u], ocp[u]) for u in sorted(ocp)]
        pairs.append((".notdef", o.getGlyphOrder()[0]))
        sm, om = s["hmtx"], o["hmtx"]
        bad_w = [u for u in sorted(ocp) if sm[scp[u]][0] != om[ocp[u]][0]]
        if bad_w:
            errors.append(f"{len(bad_w)} advance widths differ, e.g. U+{bad_w[0]:04X}")
    else:
        cs, co = cmap_by_gid(s), cmap_by_gid(o)
        if cs != co:
            errors.append("cmap differs from source")
        if s.getGlyphOrder().__len__() != len(o.getGlyphOrder()):
            errors.append("glyph count differs")
        gs_s, gs_o = s.getGlyphSet(), o.getGlyphSet()
        pairs = list(zip(s.getGlyphOrder(), o.getGlyphOrder()))
        sm, om = s["hmtx"], o["hmtx"]
        if [sm[a][0] for a, _ in pairs] != [om[b][0] for _, b in pairs]:
            errors.append("advance widths differ")
    # winding + area: TrueType outer contours clockwise => AreaPen value has the opposite sign
    # bounds: exact curve bounds may move by at most max_err plus integer rounding
    worst, worst_glyph, flipped, empty_mismatch, bbox_dev, bbox_glyph = 0.0, None, 0, 0, 0.0, None
    for a, b in pairs:
        (va, ba), (vb, bb) = glyph_area_bounds(gs_s, a), glyph_area_bounds(gs_o, b)
        if ba and bb:
            d = max(abs(x - y) for x, y in zip(ba, bb))
            if d > bbox_dev:
                bbox_dev, bbox_glyph = d, b
        if abs(va) < 1 and abs(vb) < 1:
            continue
        if abs(va) < 1 or abs(vb) < 1:
            empty_mismatch += 1
            continue
        if va * vb > 0:
            flipped += 1
        rel = abs(abs(va) - abs(vb)) / abs(va)
        if rel > worst:
            worst, worst_glyph = rel, f"{b} (area {abs(va):.0f})"
    if flipped:
        errors.append(f"{flipped} glyphs with unchanged winding (should be reversed)")
    if empty_mismatch:
        errors.append(f"{empty_mismatch} glyphs became empty/non-empty")
    if worst > 0.02:
        errors.append(f"area deviation up to {worst:.2%}")
    if bbox_dev > MAX_ERR + 1.5:
        errors.append(f"outline bounds moved by up to {bbox_dev:.1f} units ({bbox_glyph})")
    info = dict(file=os.path.basename(out), upm=upm, hhea=(h.ascent, h.descent, h.lineGap),
                typo=(o["OS/2"].sTypoAscender, o["OS/2"].sTypoDescender, o["OS/2"].sTypoLineGap),
                win=(o["OS/2"].usWinAscent, o["OS/2"].usWinDescent),
                glyphs=len(o.getGlyphOrder()), codepoints=len(ocp), checked_outlines=len(pairs),
                max_area_dev=f"{worst:.3%} {worst_glyph}",
                max_bounds_dev=f"{bbox_dev:.2f} {bbox_glyph}")
    print(json.dumps(info, ensure_ascii=False))
    if errors:
        print("FAIL " + out + ": " + "; ".join(errors))
        sys.exit(1)
    print("OK   " + out)


# --------------------------------------------------------------------------- manifest

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cmd_manifest(fontdir, spec_path, out_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    files = {}
    for fname, meta in spec["files"].items():
        p = os.path.join(fontdir, fname)
        f = TTFont(p, lazy=True)
        name, hhea, upm = f["name"], f["hhea"], f["head"].unitsPerEm
        files[fname] = {
            "sha256": sha256(p),
            "bytes": os.path.getsize(p),
            "postscriptName": name.getDebugName(6),
            "family": name.getDebugName(1),       # what fontkit's familyName returns (name ID 1)
            "licence": meta["licence"],
            "licenceFile": meta["licenceFile"],
            "source": meta["source"].replace("{version}", name.getDebugName(5) or "?"),
            "conversion": meta["conversion"],
            "unitsPerEm": upm,
            "hheaAscent": hhea.ascent,
            "hheaDescent": hhea.descent,
            "emFactor": round((hhea.ascent - hhea.descent) / upm, 4),
            "codepoints": len(f.getBestCmap()),
        }
    for role, r in spec["roles"].items():
        for x in [r["font"], *r["fallback"]]:
            if x not in files:
                raise SystemExit(f"role {role}: {x} not in files")
    # roles one per line (as in the documentation), files pretty-printed
    dump = lambda o: json.dumps(o, ensure_ascii=False)
    width = max(len(r) for r in spec["roles"])
    roles = ",\n".join(f'    {dump(r) + ":":<{width + 3}} {dump(v)}' for r, v in spec["roles"].items())
    body = json.dumps({"files": files}, ensure_ascii=False, indent=2)[1:].lstrip("\n")
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write('{\n  "roles": {\n' + roles + '\n  },\n' + body + "\n")
    if json.load(open(out_path, encoding="utf-8")) != {"roles": spec["roles"], "files": files}:
        raise SystemExit("fonts.json round trip failed")
    log(f"wrote {out_path}")


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    opts = {}
    pos = []
    i = 0
    while i < len(args):
        if args[i].startswith("--"):
            opts[args[i][2:]] = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if cmd == "convert":
        cmd_convert(pos[0], pos[1], opts.get("notice"))
    elif cmd == "ext":
        cmd_ext(*pos)
    elif cmd == "lite":
        cmd_lite(*pos)
    elif cmd == "check":
        cmd_check(pos[0], pos[1], opts.get("face"), opts.get("ref"))
    elif cmd == "name":
        print(open_face(pos[0], opts.get("face"))["name"].getDebugName(int(pos[1])))
    elif cmd == "manifest":
        cmd_manifest(*pos)
    elif cmd == "version":
        print(fontTools.version)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
