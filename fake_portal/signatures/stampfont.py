"""A pyHanko font engine that writes Vietnamese in signature stamps without HarfBuzz.

pyHanko's own OpenType engine needs `uharfbuzz` (its [opentype] extra), which the project does
not install, and it re-subsets the font for every signature. Vietnamese in NFC needs no
shaping: every letter with its tone mark is one precomposed glyph in DejaVu Sans. So this
engine maps characters to glyphs through the font's cmap, and embeds one subset covering
Vietnamese, made once per process, as a CIDFontType2 with Identity-H encoding.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory, ShapeResult
from pyhanko.pdf_utils.writer import BasePdfFileWriter

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu
_RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),  # Latin-1: à á â ã è é ê ì í ò ó ô õ ù ú ý …
    (0x100, 0x17F),  # Latin Extended-A: Đ đ Ĩ ĩ Ũ ũ Ă ă
    (0x1A0, 0x1B0),  # Ơ ơ Ư ư
    (0x1EA0, 0x1EF9),  # Latin Extended Additional: ạ ả ấ … ỹ
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
]
REPLACEMENT = "?"
name = generic.NameObject


@dataclass(frozen=True)
class SubsetFont:
    data: bytes
    postscript_name: str
    units_per_em: int
    glyphs: dict[int, int]  # code point -> glyph id
    widths: dict[int, int]  # glyph id -> advance in font units
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int


def _codepoints() -> list[int]:
    return [cp for low, high in _RANGES for cp in range(low, high + 1)]


@cache
def subset_font(path: Path = FONT_PATH) -> SubsetFont:
    """DejaVu Sans cut down to the characters Vietnamese documents use (about 40 KB)."""
    font = ttLib.TTFont(str(path))
    options = subset.Options(layout_closure=False, notdef_outline=True)
    options.drop_tables += ["GPOS", "GDEF", "GSUB", "kern", "FFTM"]
    options.hinting = False  # a stamp is tiny; hinting would triple the embedded size
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=_codepoints())
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    font = ttLib.TTFont(BytesIO(out.getvalue()))
    cmap = font.getBestCmap()
    glyphs = {cp: font.getGlyphID(glyph) for cp, glyph in cmap.items()}
    widths = {font.getGlyphID(g): font["hmtx"][g][0] for g in font.getGlyphOrder()}
    head, os2 = font["head"], font["OS/2"]
    return SubsetFont(
        data=out.getvalue(),
        postscript_name=font["name"].getDebugName(6) or "DejaVuSans",
        units_per_em=head.unitsPerEm,
        glyphs=glyphs,
        widths=widths,
        bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
        ascent=os2.sTypoAscender,
        descent=os2.sTypoDescender,
        cap_height=getattr(os2, "sCapHeight", os2.sTypoAscender),
    )


class VietnameseFontEngine(FontEngine):
    def __init__(self, writer: BasePdfFileWriter, font: SubsetFont, font_size=10):
        super().__init__(
            writer, font.postscript_name, embedded_subset=True, font_size=font_size
        )
        self.font = font
        self._ref = writer.allocate_placeholder()
        self._used: dict[int, str] = {}
        self._written = False

    @property
    def uses_complex_positioning(self):
        return False

    def shape(self, txt: str) -> ShapeResult:
        gids = [self._gid(char) for char in unicodedata.normalize("NFC", txt)]
        hex_ids = "".join(f"{gid:04x}" for gid in gids)
        advance = sum(self.font.widths.get(gid, 0) for gid in gids)
        return ShapeResult(
            graphics_ops=f"<{hex_ids}> Tj".encode("ascii"),
            x_advance=advance / self.font.units_per_em,
            y_advance=0,
        )

    def _gid(self, char: str) -> int:
        gid = self.font.glyphs.get(ord(char))
        if gid is None:
            char, gid = REPLACEMENT, self.font.glyphs[ord(REPLACEMENT)]
        self._used.setdefault(gid, char)
        return gid

    def as_resource(self) -> generic.IndirectObject:
        return self._ref

    def prepare_write(self):
        if self._written:
            return
        self._written = True
        writer = self.writer
        descendant = writer.add_object(self._cid_font(writer))
        type0 = generic.DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type0"),
                name("/BaseFont"): name("/" + self._full_name),
                name("/Encoding"): name("/Identity-H"),
                name("/DescendantFonts"): generic.ArrayObject([descendant]),
                name("/ToUnicode"): writer.add_object(self._to_unicode()),
            }
        )
        writer.add_object(type0, idnum=self._ref.idnum)

    @property
    def _full_name(self) -> str:
        return f"{self.subset_prefix}+{self.font.postscript_name}"

    def _scaled(self, value: int) -> generic.NumberObject:
        return generic.NumberObject(round(value * 1000 / self.font.units_per_em))

    def _cid_font(self, writer) -> generic.DictionaryObject:
        widths = generic.ArrayObject()
        for gid in sorted(self._used):
            widths.append(generic.NumberObject(gid))
            widths.append(generic.ArrayObject([self._scaled(self.font.widths[gid])]))
        return generic.DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/CIDFontType2"),
                name("/BaseFont"): name("/" + self._full_name),
                name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        name("/Registry"): generic.pdf_string("Adobe"),
                        name("/Ordering"): generic.pdf_string("Identity"),
                        name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                name("/FontDescriptor"): writer.add_object(self._descriptor(writer)),
                name("/CIDToGIDMap"): name("/Identity"),
                name("/W"): widths,
            }
        )

    def _descriptor(self, writer) -> generic.DictionaryObject:
        stream = generic.StreamObject(
            {name("/Length1"): generic.NumberObject(len(self.font.data))},
            stream_data=self.font.data,
        )
        stream.compress()
        return generic.DictionaryObject(
            {
                name("/Type"): name("/FontDescriptor"),
                name("/FontName"): name("/" + self._full_name),
                name("/Flags"): generic.NumberObject(32),
                name("/FontBBox"): generic.ArrayObject(
                    [self._scaled(v) for v in self.font.bbox]
                ),
                name("/ItalicAngle"): generic.NumberObject(0),
                name("/Ascent"): self._scaled(self.font.ascent),
                name("/Descent"): self._scaled(self.font.descent),
                name("/CapHeight"): self._scaled(self.font.cap_height),
                name("/StemV"): generic.NumberObject(80),
                name("/FontFile2"): writer.add_object(stream),
            }
        )

    def _to_unicode(self) -> generic.StreamObject:
        lines = [
            f"<{gid:04x}> <{char.encode('utf-16be').hex()}>"
            for gid, char in sorted(self._used.items())
        ]
        chunks = [lines[i : i + 100] for i in range(0, len(lines), 100)]
        body = "".join(
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in chunks
        )
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )
        stream = generic.StreamObject(stream_data=cmap.encode("ascii"))
        stream.compress()
        return stream


class VietnameseFontFactory(FontEngineFactory):
    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream=None):
        return VietnameseFontEngine(writer, subset_font())


def font_available() -> bool:
    return FONT_PATH.exists()
