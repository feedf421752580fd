#!/usr/bin/env bash
# Rebuild fonts/ (font files, licences, fonts.json) from the package registries.
#
# DEVELOPMENT TIME ONLY. Never run this at install time or at run time: the application
# reads the committed files in fonts/ and needs neither network, apt nor Python.
#
# Requirements (Debian 12): npm, apt-get (Debian bookworm sources), dpkg-deb, sha256sum,
#   /usr/bin/python3 with Debian's python3-fonttools 4.38 (apt-get install python3-fonttools;
#   do not use a pyenv/venv python: the recorded conversion is fontTools 4.38).
#   Optional: node + fontkit (via the project's pdfmake -> pdfkit -> fontkit) for the fontkit check.
#
# Usage: tools/fonts/build-fonts.sh            # builds into fonts/
#        FONTS_OUT=/tmp/x tools/fonts/build-fonts.sh   # build elsewhere (e.g. to compare sha256)
#        FONTS_WORK=/tmp/cache tools/fonts/build-fonts.sh  # reuse downloads between runs
#
# The build is deterministic: two runs give byte-identical files (head.modified is kept from
# the sources); the sha256 of every source font file is pinned below and checked.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${FONTS_OUT:-$ROOT/fonts}
WORK=${FONTS_WORK:-$(mktemp -d /tmp/fontbuild.XXXXXX)}
PY=/usr/bin/python3
HELPER="$HERE/fontbuild.py"

# ---- pinned sources -------------------------------------------------------------------------
NPM_SERIF_PKG=@expo-google-fonts/noto-serif-sc
NPM_SANS_PKG=@expo-google-fonts/noto-sans-sc
NPM_VERSION=0.4.3
DEB_TEXLIVE=texlive-lang-chinese
DEB_TEXLIVE_VERSION=2022.20230122-1
DEB_NOTO=fonts-noto-cjk
DEB_NOTO_VERSION=1:20220127+repack1-1
FANDOL_DIR=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
NOTO_TTC=usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
MODIFIED_DATE=2026-11-27   # date stated in the GPL modification notice of the converted Fandol fonts

declare -A SRC_SHA256=(
  [NotoSerifSC_400Regular.ttf]=c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742
  [NotoSerifSC_700Bold.ttf]=9c6a2ba736e4b499c84f65ce366bd3625c0401885fd3e585ace50fb738b96ff6
  [NotoSansSC_500Medium.ttf]=b30853d205f3ecdde938b1488c735ee15a2e870d31331b992fdc53971e23ec4a
  [FandolFang-Regular.otf]=d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9
  [FandolKai-Regular.otf]=ea7e7fb4f9b3ac694a68d43946e04d21deed6e8c29a7c2d3081e1a4138f2f827
  [NotoSerifCJK-Regular.ttc]=a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481
)

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'build-fonts: %s\n' "$*" >&2; exit 1; }

check_sha() { # file expected
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  [[ $got == "$2" ]] || die "sha256 mismatch for $1: got $got, pinned $2 (update the pin only after reviewing the new upstream version)"
}

for tool in npm apt-get dpkg-deb sha256sum tar gzip; do command -v "$tool" >/dev/null || die "$tool not found"; done
"$PY" -c 'import fontTools' 2>/dev/null || die "$PY has no fontTools: apt-get install -y python3-fonttools"
FT_VERSION=$("$PY" "$HELPER" version)
[[ $FT_VERSION == 4.38* ]] || echo "build-fonts: warning: fontTools $FT_VERSION (recorded build used 4.38); output bytes may differ" >&2

mkdir -p "$WORK"/{npm,deb,x} 
STAGE="$WORK/stage"; rm -rf "$STAGE"; mkdir -p "$STAGE/licenses"
echo "work dir: $WORK" >&2

# ---- 1. download ----------------------------------------------------------------------------
say "npm pack $NPM_SERIF_PKG@$NPM_VERSION $NPM_SANS_PKG@$NPM_VERSION"
( cd "$WORK/npm"
  for p in "$NPM_SERIF_PKG" "$NPM_SANS_PKG"; do
    tgz="$(echo "${p#@}" | tr / -)-$NPM_VERSION.tgz"
    [[ -f $tgz ]] || npm pack --silent "$p@$NPM_VERSION" >/dev/null   # npm checks the registry integrity hash
    d="${tgz%.tgz}"; rm -rf "$d"; mkdir "$d"; tar xzf "$tgz" -C "$d"
  done )
SERIF="$WORK/npm/expo-google-fonts-noto-serif-sc-$NPM_VERSION/package"
SANS="$WORK/npm/expo-google-fonts-noto-sans-sc-$NPM_VERSION/package"

say "apt-get download $DEB_TEXLIVE=$DEB_TEXLIVE_VERSION $DEB_NOTO=$DEB_NOTO_VERSION (not installed)"
( cd "$WORK/deb"
  ls ${DEB_TEXLIVE}_*.deb >/dev/null 2>&1 || apt-get download "$DEB_TEXLIVE=$DEB_TEXLIVE_VERSION"
  ls ${DEB_NOTO}_*.deb    >/dev/null 2>&1 || apt-get download "$DEB_NOTO=$DEB_NOTO_VERSION" )
TL="$WORK/x/texlive"; NC="$WORK/x/noto-cjk"
rm -rf "$TL" "$NC"; mkdir -p "$TL" "$NC"
dpkg-deb -x "$(ls "$WORK"/deb/${DEB_TEXLIVE}_*.deb | head -1)" "$TL"
dpkg-deb -x "$(ls "$WORK"/deb/${DEB_NOTO}_*.deb | head -1)" "$NC"

SRC_SERIF_R="$SERIF/400Regular/NotoSerifSC_400Regular.ttf"
SRC_SERIF_B="$SERIF/700Bold/NotoSerifSC_700Bold.ttf"
SRC_SANS_M="$SANS/500Medium/NotoSansSC_500Medium.ttf"
SRC_FANG="$TL/$FANDOL_DIR/FandolFang-Regular.otf"
SRC_KAI="$TL/$FANDOL_DIR/FandolKai-Regular.otf"
SRC_TTC="$NC/$NOTO_TTC"
for f in "$SRC_SERIF_R" "$SRC_SERIF_B" "$SRC_SANS_M" "$SRC_FANG" "$SRC_KAI" "$SRC_TTC"; do
  check_sha "$f" "${SRC_SHA256[$(basename "$f")]}"
done

# ---- 2. fonts -------------------------------------------------------------------------------
say "copy Noto SC TTFs (unchanged)"
cp "$SRC_SERIF_R" "$STAGE/NotoSerifSC-Regular.ttf"
cp "$SRC_SERIF_B" "$STAGE/NotoSerifSC-Bold.ttf"
cp "$SRC_SANS_M"  "$STAGE/NotoSansSC-Medium.ttf"

notice() { # family
  echo "Modified ${MODIFIED_DATE}: CFF (CID-keyed) outlines converted to TrueType glyf outlines with fontTools ${FT_VERSION} cu2qu (max_err 1.0 font units, contours reversed); glyph set, cmap and advance widths unchanged. Original: Fandol$1-Regular.otf, Fandol v0.3 (CTAN fonts/fandol; Debian ${DEB_TEXLIVE} ${DEB_TEXLIVE_VERSION}). Licence: GPL with the GPL font exception, extended to this version."
}
say "quick-loading copies: Noto title/heading faces cut to GB 2312 (full faces follow as fallbacks), page-number face"
"$PY" "$HELPER" lite "$STAGE/NotoSerifSC-Bold.ttf"    "$STAGE/NotoSerifSC-Bold-GB2312.ttf"  gb2312
"$PY" "$HELPER" lite "$STAGE/NotoSansSC-Medium.ttf"   "$STAGE/NotoSansSC-Medium-GB2312.ttf" gb2312
"$PY" "$HELPER" lite "$STAGE/NotoSerifSC-Regular.ttf" "$STAGE/NotoSerifSC-PageNumber.ttf"   pagenum

say "convert FandolFang, FandolKai (CFF -> glyf)"
METRICS_FANG=$("$PY" "$HELPER" convert "$SRC_FANG" "$STAGE/FandolFang-Regular.ttf" --notice "$(notice Fang)")
METRICS_KAI=$("$PY" "$HELPER" convert "$SRC_KAI" "$STAGE/FandolKai-Regular.ttf" --notice "$(notice Kai)")

say "NotoSerifCJKsc-Ext: subset NotoSerifCJKsc-Regular to the code points NotoSerifSC-Regular lacks, CFF -> glyf"
METRICS_EXT=$("$PY" "$HELPER" ext "$SRC_TTC" NotoSerifCJKsc-Regular "$STAGE/NotoSerifSC-Regular.ttf" "$STAGE/NotoSerifCJKsc-Ext.ttf")

say "check converted fonts (TrueType, metrics, cmap, winding, outline area/bounds)"
"$PY" "$HELPER" check "$SRC_FANG" "$STAGE/FandolFang-Regular.ttf"
"$PY" "$HELPER" check "$SRC_KAI"  "$STAGE/FandolKai-Regular.ttf"
"$PY" "$HELPER" check "$SRC_TTC"  "$STAGE/NotoSerifCJKsc-Ext.ttf" --face NotoSerifCJKsc-Regular --ref "$STAGE/NotoSerifSC-Regular.ttf"

# ---- 3. licences ----------------------------------------------------------------------------
say "licences"
nameid() { "$PY" "$HELPER" name "$@"; }   # FILE ID [--face PSNAME]
{
  cat <<EOF
SIL Open Font License 1.1 -- Noto fonts in fonts/
=================================================

Files and their copyright notices (quoted from the sources):

  NotoSerifSC-Regular.ttf, NotoSerifSC-Bold.ttf
    from npm $NPM_SERIF_PKG@$NPM_VERSION (files NotoSerifSC_400Regular.ttf, NotoSerifSC_700Bold.ttf, unchanged)
    LICENSE_FONT:   $(head -1 "$SERIF/LICENSE_FONT")
    name ID 0:      $(nameid "$SRC_SERIF_R" 0)

  NotoSansSC-Medium.ttf
    from npm $NPM_SANS_PKG@$NPM_VERSION (file NotoSansSC_500Medium.ttf, unchanged)
    LICENSE_FONT:   $(head -1 "$SANS/LICENSE_FONT")
    name ID 0:      $(nameid "$SRC_SANS_M" 0)

  NotoSerifCJKsc-Ext.ttf  (a Modified Version in the sense of the OFL: subset + converted to TrueType)
    from Debian $DEB_NOTO $DEB_NOTO_VERSION, face NotoSerifCJKsc-Regular of NotoSerifCJK-Regular.ttc
    name ID 0:      $(nameid "$SRC_TTC" 0 --face NotoSerifCJKsc-Regular)
    debian/copyright: $(grep -A2 '^Files: \*$' "$NC/usr/share/doc/fonts-noto-cjk/copyright" | sed -n 2p | sed 's/^Copyright: */Copyright /'), License: SIL-1.1
    Its font names are unchanged ("Noto Serif CJK SC"); they do not contain the Reserved Font
    Name 'Source'.

The npm packages themselves (JavaScript loader code, not used here) are MIT-licensed; the font
files are under the OFL 1.1, whose full text follows, verbatim from
$NPM_SERIF_PKG@$NPM_VERSION/LICENSE_FONT (the copy in $NPM_SANS_PKG differs only in the
copyright line, line wrapping and "https" in the OFL address).

-----------------------------------------------------------------------------------------------
EOF
  cat "$SERIF/LICENSE_FONT"
} > "$STAGE/licenses/OFL-1.1-Noto.txt"

zcat "$TL/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" > "$STAGE/licenses/GPL-3.0.txt"
{
  cat <<EOF
Fandol fonts (FandolFang-Regular.ttf, FandolKai-Regular.ttf): GPL + GPL font exception
======================================================================================

Copyright (name ID 0 of both fonts): $(nameid "$SRC_FANG" 0)
Authors (name ID 9): $(nameid "$SRC_FANG" 9)
Upstream: https://ctan.org/tex-archive/fonts/fandol (Fandol v0.3, 2015-07-18)
Taken from: Debian bookworm package $DEB_TEXLIVE $DEB_TEXLIVE_VERSION,
            $FANDOL_DIR/FandolFang-Regular.otf and FandolKai-Regular.otf

1. Licence statement of the upstream README (usr/share/doc/texlive-doc/fonts/fandol/README), verbatim:

-----------------------------------------------------------------------------------------------
$(cat "$TL/usr/share/doc/texlive-doc/fonts/fandol/README")
-----------------------------------------------------------------------------------------------

   The README names no GPL version. The licence text that upstream ships next to the fonts
   (COPYING) is the GNU General Public License version 3: it is reproduced verbatim in
   licenses/GPL-3.0.txt. Debian's per-package licence list
   (usr/share/doc/$DEB_TEXLIVE/Licenses) records "fandol: gpl", where "gpl" without a number
   means "or any later version" (see usr/share/doc/$DEB_TEXLIVE/copyright, section 3.1, which
   points to /usr/share/common-licenses/GPL-3). The name table points to
   http://www.gnu.org/licenses/licenses.html (name ID 14).
   We therefore redistribute the (modified) fonts under GPL version 3 or later, with the
   font exception below (SPDX: GPL-3.0-or-later WITH Font-exception-2.0).

2. The GPL font exception. Upstream names it ("GPL font exception") without reproducing it;
   this is the Free Software Foundation's standard wording (GPL FAQ "How does the GPL apply to
   fonts?", https://www.gnu.org/licenses/gpl-faq.html#FontException; SPDX Font-exception-2.0):

   As a special exception, if you create a document which uses this font, and embed this
   font or unaltered portions of this font into the document, this font does not by itself
   cause the resulting document to be covered by the GNU General Public License. This
   exception does not however invalidate any other reasons why the document might be
   covered by the GNU General Public License. If you modify this font, you may extend this
   exception to your version of the font, but you are not obligated to do so. If you do
   not wish to do so, delete this exception statement from your version.

3. Modification notice (GPL-3 section 5(a)) and extension of the exception

   FandolFang-Regular.ttf and FandolKai-Regular.ttf are modified versions of
   FandolFang-Regular.otf and FandolKai-Regular.otf, made on $MODIFIED_DATE: the CFF (CID-keyed)
   outlines were converted to TrueType quadratic (glyf) outlines with fontTools $FT_VERSION
   (cu2qu, max_err 1.0 font units, contour direction reversed); maxp 1.0, post format 3; the CFF
   and VORG tables were removed. Glyph set, glyph order, cmap, advance widths, GPOS, name
   records (except name ID 10, below) and vertical/horizontal metrics are unchanged except as stated in fonts/fonts.json
   ("conversion"). The same notice is stored in the fonts' name ID 10 (Description).
   We extend the font exception above to these modified versions.

4. Corresponding source

   The preferred form for modification of these TrueType files is the original OpenType/CFF
   fonts plus the conversion recipe. The recipe is tools/fonts/build-fonts.sh and
   tools/fonts/fontbuild.py in this repository; the original fonts are in the Debian source
   and binary packages of $DEB_TEXLIVE ($DEB_TEXLIVE_VERSION, https://deb.debian.org/debian/) and on
   CTAN (https://ctan.org/tex-archive/fonts/fandol). sha256 of the originals:
     FandolFang-Regular.otf ${SRC_SHA256[FandolFang-Regular.otf]}
     FandolKai-Regular.otf  ${SRC_SHA256[FandolKai-Regular.otf]}
EOF
} > "$STAGE/licenses/GPL-FontException-Fandol.txt"

# ---- 4. fonts.json --------------------------------------------------------------------------
say "fonts.json"
conv() { # metric notes
  echo "CFF (CID-keyed) -> TrueType glyf with fontTools $FT_VERSION cu2qu, max_err=1.0 units, reverse_direction=True; maxp 1.0, post format 3, CFF and VORG dropped, hmtx lsb = xMin; glyph order, cmap and advance widths unchanged; metrics: $1 (hhea descender checked for the FandolSong sign bug); GPL modification notice added to name ID 10"
}
lite_gb2312() { # full face
  echo "fontTools $FT_VERSION subsetter: every code point of $1 except the Han ideographs outside GB 2312 (a quick-loading primary face; the full face is the next fallback); outlines, hinting, metrics, names and layout features unchanged"
}
cat > "$WORK/spec.json" <<EOF
{
  "roles": {
    "title":      { "font": "NotoSerifSC-Bold-GB2312.ttf",  "fallback": ["NotoSerifSC-Bold.ttf", "NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] },
    "body":       { "font": "FandolFang-Regular.ttf",       "fallback": ["NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] },
    "heading1":   { "font": "NotoSansSC-Medium-GB2312.ttf", "fallback": ["NotoSansSC-Medium.ttf", "NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] },
    "heading2":   { "font": "FandolKai-Regular.ttf",        "fallback": ["NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] },
    "table":      { "font": "FandolFang-Regular.ttf",       "fallback": ["NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] },
    "pageNumber": { "font": "NotoSerifSC-PageNumber.ttf",   "fallback": ["NotoSerifSC-Regular.ttf", "NotoSerifCJKsc-Ext.ttf"] }
  },
  "files": {
    "NotoSerifSC-Regular.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "npm $NPM_SERIF_PKG@$NPM_VERSION, file 400Regular/NotoSerifSC_400Regular.ttf ({version}), sha256 ${SRC_SHA256[NotoSerifSC_400Regular.ttf]}",
      "conversion": null
    },
    "NotoSerifSC-Bold.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "npm $NPM_SERIF_PKG@$NPM_VERSION, file 700Bold/NotoSerifSC_700Bold.ttf ({version}), sha256 ${SRC_SHA256[NotoSerifSC_700Bold.ttf]}",
      "conversion": null
    },
    "NotoSansSC-Medium.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "npm $NPM_SANS_PKG@$NPM_VERSION, file 500Medium/NotoSansSC_500Medium.ttf ({version}), sha256 ${SRC_SHA256[NotoSansSC_500Medium.ttf]}",
      "conversion": null
    },
    "NotoSerifSC-Bold-GB2312.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "NotoSerifSC-Bold.ttf ({version})",
      "conversion": "$(lite_gb2312 NotoSerifSC-Bold.ttf)"
    },
    "NotoSansSC-Medium-GB2312.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "NotoSansSC-Medium.ttf ({version})",
      "conversion": "$(lite_gb2312 NotoSansSC-Medium.ttf)"
    },
    "NotoSerifSC-PageNumber.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "NotoSerifSC-Regular.ttf ({version})",
      "conversion": "fontTools $FT_VERSION subsetter: the code points of NotoSerifSC-Regular.ttf in U+0020-007E, U+00A0-00FF, U+2000-206F, U+3000-303F, U+FF00-FFEF (page numbers); outlines, hinting, metrics, names and layout features unchanged"
    },
    "FandolFang-Regular.ttf": {
      "licence": "GPL-3.0-or-later WITH Font-exception-2.0", "licenceFile": "licenses/GPL-FontException-Fandol.txt",
      "source": "Debian $DEB_TEXLIVE $DEB_TEXLIVE_VERSION (not installed; apt-get download + dpkg-deb -x), file $FANDOL_DIR/FandolFang-Regular.otf (Fandol v0.3, {version}), sha256 ${SRC_SHA256[FandolFang-Regular.otf]}",
      "conversion": "$(conv "$METRICS_FANG")"
    },
    "FandolKai-Regular.ttf": {
      "licence": "GPL-3.0-or-later WITH Font-exception-2.0", "licenceFile": "licenses/GPL-FontException-Fandol.txt",
      "source": "Debian $DEB_TEXLIVE $DEB_TEXLIVE_VERSION (not installed; apt-get download + dpkg-deb -x), file $FANDOL_DIR/FandolKai-Regular.otf (Fandol v0.3, {version}), sha256 ${SRC_SHA256[FandolKai-Regular.otf]}",
      "conversion": "$(conv "$METRICS_KAI")"
    },
    "NotoSerifCJKsc-Ext.ttf": {
      "licence": "OFL-1.1", "licenceFile": "licenses/OFL-1.1-Noto.txt",
      "source": "Debian $DEB_NOTO $DEB_NOTO_VERSION (apt-get download + dpkg-deb -x), face NotoSerifCJKsc-Regular of /$NOTO_TTC ({version}), sha256 ${SRC_SHA256[NotoSerifCJK-Regular.ttc]}",
      "conversion": "fontTools $FT_VERSION subsetter: exactly the code points of NotoSerifCJKsc-Regular that NotoSerifSC-Regular.ttf lacks (CJK Ext-B/C/D/F/G, CJK compatibility ideographs, Hangul, U+FFA0), all name records kept, .notdef outline kept, default layout features (glyph closure); then CFF -> TrueType glyf with cu2qu max_err=1.0 units, reverse_direction=True, maxp 1.0, post format 3, CFF and VORG dropped; metrics: $METRICS_EXT (hhea 1151/-286, the same as NotoSerifSC)"
    }
  }
}
EOF
"$PY" "$HELPER" manifest "$STAGE" "$WORK/spec.json" "$STAGE/fonts.json"

# ---- 5. optional fontkit check --------------------------------------------------------------
if command -v node >/dev/null; then
  say "fontkit check"
  node "$HERE/check-fontkit.cjs" "$STAGE" || die "fontkit check failed"
fi

# ---- 6. install into fonts/ -----------------------------------------------------------------
say "install into $OUT"
mkdir -p "$OUT/licenses"
for f in "$STAGE"/*.ttf "$STAGE"/fonts.json; do cp "$f" "$OUT/"; done
cp "$STAGE"/licenses/* "$OUT/licenses/"
( cd "$OUT" && ls -l ./*.ttf fonts.json licenses/ && du -sh . ) >&2
echo "done (README.md in $OUT is maintained by hand)" >&2
