"""A small QR-code reader for tests: finds the code on a rendered page and decodes it.

The machine has no QR library, and the check must read what the printed receipt really
shows, so this decodes model 2 codes of versions 1–10 from a clean render: locate the three
finder patterns, sample the module grid, read format information, unmask, de-interleave the
blocks and parse numeric, alphanumeric and byte segments. No error correction is attempted:
a clean PDF render has no damaged modules.
"""

import subprocess
from io import BytesIO

from PIL import Image

# (EC codewords per block, ((blocks, data codewords per block), ...)) by version and level.
BLOCKS = {
    1: {
        "L": (7, ((1, 19),)),
        "M": (10, ((1, 16),)),
        "Q": (13, ((1, 13),)),
        "H": (17, ((1, 9),)),
    },
    2: {
        "L": (10, ((1, 34),)),
        "M": (16, ((1, 28),)),
        "Q": (22, ((1, 22),)),
        "H": (28, ((1, 16),)),
    },
    3: {
        "L": (15, ((1, 55),)),
        "M": (26, ((1, 44),)),
        "Q": (18, ((2, 17),)),
        "H": (22, ((2, 13),)),
    },
    4: {
        "L": (20, ((1, 80),)),
        "M": (18, ((2, 32),)),
        "Q": (26, ((2, 24),)),
        "H": (16, ((4, 9),)),
    },
    5: {
        "L": (26, ((1, 108),)),
        "M": (24, ((2, 43),)),
        "Q": (18, ((2, 15), (2, 16))),
        "H": (22, ((2, 11), (2, 12))),
    },
    6: {
        "L": (18, ((2, 68),)),
        "M": (16, ((4, 27),)),
        "Q": (24, ((4, 19),)),
        "H": (28, ((4, 15),)),
    },
    7: {
        "L": (20, ((2, 78),)),
        "M": (18, ((4, 31),)),
        "Q": (18, ((2, 14), (4, 15))),
        "H": (26, ((4, 13), (1, 14))),
    },
    8: {
        "L": (24, ((2, 97),)),
        "M": (22, ((2, 38), (2, 39))),
        "Q": (22, ((4, 18), (2, 19))),
        "H": (26, ((4, 14), (2, 15))),
    },
    9: {
        "L": (30, ((2, 116),)),
        "M": (22, ((3, 36), (2, 37))),
        "Q": (20, ((4, 16), (4, 17))),
        "H": (24, ((4, 12), (4, 13))),
    },
    10: {
        "L": (18, ((2, 68), (2, 69))),
        "M": (26, ((4, 43), (1, 44))),
        "Q": (24, ((6, 19), (2, 20))),
        "H": (28, ((6, 15), (2, 16))),
    },
}
ALIGNMENT = {
    1: (),
    2: (6, 18),
    3: (6, 22),
    4: (6, 26),
    5: (6, 30),
    6: (6, 34),
    7: (6, 22, 38),
    8: (6, 24, 42),
    9: (6, 26, 46),
    10: (6, 28, 50),
}
LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)


class QRError(ValueError):
    pass


# --- from a page to a module matrix ---------------------------------------------------------


def render_page(pdf: bytes, dpi: int = 200) -> Image.Image:
    result = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return Image.open(BytesIO(result.stdout))


def _dark(image: Image.Image):
    gray = image.convert("L")
    width, height = gray.size
    pixels = gray.load()
    return width, height, lambda x, y: pixels[x, y] < 128


def _runs(values):
    runs, start = [], 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            runs.append((values[start], start, index - start))
            start = index
    return runs


def _finder_ratio(widths) -> bool:
    unit = sum(widths) / 7
    if unit < 1:
        return False
    expected = (1, 1, 3, 1, 1)
    return all(
        abs(w - e * unit) <= unit * 0.6 for w, e in zip(widths, expected, strict=True)
    )


def _candidates(width, height, dark):
    found = []
    for y in range(height):
        row = [dark(x, y) for x in range(width)]
        runs = _runs(row)
        for k in range(len(runs) - 4):
            window = runs[k : k + 5]
            if not window[0][0] or not _finder_ratio([r[2] for r in window]):
                continue
            start = window[0][1]
            total = sum(r[2] for r in window)
            found.append((start + total / 2, y, total / 7))
    return found


def _cluster(candidates):
    clusters = []
    for x, y, unit in candidates:
        for cluster in clusters:
            cx, cy, cu, n = cluster
            if abs(x - cx) < 2 * cu and abs(y - cy) < 4 * cu:
                cluster[:] = [
                    (cx * n + x) / (n + 1),
                    (cy * n + y) / (n + 1),
                    (cu * n + unit) / (n + 1),
                    n + 1,
                ]
                break
        else:
            clusters.append([x, y, unit, 1])
    # A finder's centre run is three modules high: real ones are seen on many rows.
    return [c for c in clusters if c[3] >= 2 * c[2]]


def locate(image: Image.Image):
    """The three finder centres (top-left, top-right, bottom-left) and the module size."""
    width, height, dark = _dark(image)
    finders = _cluster(_candidates(width, height, dark))
    for a in finders:
        right = [
            b
            for b in finders
            if b is not a and abs(b[1] - a[1]) < a[2] * 2 and b[0] > a[0]
        ]
        below = [
            c
            for c in finders
            if c is not a and abs(c[0] - a[0]) < a[2] * 2 and c[1] > a[1]
        ]
        for b in right:
            for c in below:
                if abs((b[0] - a[0]) - (c[1] - a[1])) < a[2] * 3:
                    return a, b, c, dark
    raise QRError("no QR code found on the page")


def sample(image: Image.Image) -> list[list[bool]]:
    top_left, top_right, bottom_left, dark = locate(image)
    unit = (top_left[2] + top_right[2] + bottom_left[2]) / 3
    size = round((top_right[0] - top_left[0]) / unit) + 7
    size = 17 + 4 * round((size - 17) / 4)
    step_x = (top_right[0] - top_left[0]) / (size - 7)
    step_y = (bottom_left[1] - top_left[1]) / (size - 7)
    origin_x = top_left[0] - 3.5 * step_x
    origin_y = top_left[1] - 3.5 * step_y
    return [
        [
            dark(int(origin_x + (j + 0.5) * step_x), int(origin_y + (i + 0.5) * step_y))
            for j in range(size)
        ]
        for i in range(size)
    ]


# --- from a module matrix to text -----------------------------------------------------------


def _bch_format(data: int) -> int:
    value = data << 10
    for shift in range(4, -1, -1):
        if value & (1 << (shift + 10)):
            value ^= 0x537 << shift
    return ((data << 10) | value) ^ 0x5412


def _format_bits(m) -> int:
    bits = 0
    cells = (
        [(8, i) for i in range(6)]
        + [(8, 7), (8, 8), (7, 8)]
        + [(j, 8) for j in range(5, -1, -1)]
    )
    for row, col in cells:
        bits = (bits << 1) | int(m[row][col])
    return bits


def read_format(m) -> tuple[str, int]:
    bits = _format_bits(m)
    best = min(range(32), key=lambda d: bin(_bch_format(d) ^ bits).count("1"))
    if bin(_bch_format(best) ^ bits).count("1") > 3:
        raise QRError("unreadable format information")
    return LEVELS[best >> 3], best & 0b111


def _function_modules(version: int, size: int) -> set:
    cells = set()
    for r0, c0 in ((0, 0), (0, size - 8), (size - 8, 0)):
        cells |= {
            (r, c)
            for r in range(r0, r0 + 8)
            for c in range(c0, c0 + 8)
            if 0 <= r < size and 0 <= c < size
        }
    cells |= {(6, i) for i in range(size)} | {(i, 6) for i in range(size)}
    cells |= {(8, i) for i in range(9)} | {(i, 8) for i in range(9)}
    cells |= {(8, size - 1 - i) for i in range(8)} | {
        (size - 1 - i, 8) for i in range(8)
    }
    centres = ALIGNMENT[version]
    for r in centres:
        for c in centres:
            if (r, c) in ((6, 6), (6, centres[-1]), (centres[-1], 6)):
                continue
            cells |= {(r + dr, c + dc) for dr in range(-2, 3) for dc in range(-2, 3)}
    if version >= 7:
        cells |= {(r, size - 11 + k) for r in range(6) for k in range(3)}
        cells |= {(size - 11 + k, c) for c in range(6) for k in range(3)}
    return cells


def _data_bits(m, version: int, mask: int) -> list[int]:
    size = len(m)
    skip = _function_modules(version, size)
    bits, upward, col = [], True, size - 1
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for row in rows:
            for c in (col, col - 1):
                if (row, c) not in skip:
                    bits.append(int(m[row][c]) ^ int(MASKS[mask](row, c)))
        upward = not upward
        col -= 2
    return bits


def _codewords(bits) -> list[int]:
    return [
        int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)
    ]


def _deinterleave(codewords, version: int, level: str) -> list[int]:
    _ec, groups = BLOCKS[version][level]
    blocks = [[] for _count, _n in groups for _ in range(_count)]
    sizes = [n for count, n in groups for _ in range(count)]
    index = 0
    for position in range(max(sizes)):
        for block, size in zip(blocks, sizes, strict=True):
            if position < size:
                block.append(codewords[index])
                index += 1
    return [c for block in blocks for c in block]


class _Bits:
    def __init__(self, data):
        self.bits = "".join(f"{b:08b}" for b in data)
        self.pos = 0

    def take(self, n: int) -> int:
        value = int(self.bits[self.pos : self.pos + n] or "0", 2)
        self.pos += n
        return value

    def left(self) -> int:
        return len(self.bits) - self.pos


def _parse(data, version: int) -> str:
    stream, text = _Bits(data), []
    while stream.left() >= 4:
        mode = stream.take(4)
        if mode == 0:
            break
        if mode == 0b0100:
            count = stream.take(8 if version < 10 else 16)
            text.append(bytes(stream.take(8) for _ in range(count)).decode("utf-8"))
        elif mode == 0b0010:
            count = stream.take(9 if version < 10 else 11)
            chars = []
            for _ in range(count // 2):
                value = stream.take(11)
                chars += [ALPHANUMERIC[value // 45], ALPHANUMERIC[value % 45]]
            if count % 2:
                chars.append(ALPHANUMERIC[stream.take(6)])
            text.append("".join(chars))
        elif mode == 0b0001:
            count = stream.take(10 if version < 10 else 12)
            digits = []
            while count >= 3:
                digits.append(f"{stream.take(10):03d}")
                count -= 3
            if count:
                digits.append(f"{stream.take(7 if count == 2 else 4):0{count}d}")
            text.append("".join(digits))
        else:
            raise QRError(f"unsupported segment mode {mode:04b}")
    return "".join(text)


def decode_matrix(m) -> str:
    version = (len(m) - 17) // 4
    if version not in BLOCKS:
        raise QRError(f"version {version} is beyond this reader")
    level, mask = read_format(m)
    codewords = _codewords(_data_bits(m, version, mask))
    return _parse(_deinterleave(codewords, version, level), version)


def decode_image(image: Image.Image) -> str:
    return decode_matrix(sample(image))


def decode_pdf(pdf: bytes) -> str:
    return decode_image(render_page(pdf))
