"""Synthetic officials' files for tests and benchmarks (fictional people, .test e-mails).

Names are in Vietnamese order (surname, middle, given), weighted loosely by the surname
shares in DOMAIN.md; no real person's data.
"""

import csv
import io
import random

from sandbox.operations.onboarding.columns import COLUMNS
from sandbox.operations.onboarding.sheets import xlsx_bytes

SURNAMES = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 2
    + [
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
    ]
)
MIDDLES = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hữu", "Hải"]
GIVENS = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngân",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]
POSITIONS = ["Cán bộ tiếp nhận", "Công chức chuyên môn", "Lãnh đạo", "Khác"]


def official_rows(n: int, communes, *, seed: int = 1, start: int = 0) -> list[dict]:
    """`n` valid rows spread over `communes`; e-mail and phone unique per index."""
    rng = random.Random(seed)
    rows = []
    for i in range(start, start + n):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        commune = communes[i % len(communes)]
        rows.append(
            {
                "full_name": name,
                "unit": commune.code_str if i % 3 else commune.name,
                "position": POSITIONS[i % 4],
                "email": f"canbo{i:06d}@xa.saban.test" if i % 5 else "",
                "phone": f"091{i:07d}",
                "role": "",
            }
        )
    return rows


def as_csv(rows: list[dict]) -> bytes:
    """The rows as a coordinator's CSV (UTF-8 with BOM), cells written exactly as given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows([r.get(c.field, "") for c in COLUMNS] for r in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[dict]) -> bytes:
    return xlsx_bytes(
        [c.header for c in COLUMNS],
        [[r.get(c.field, "") for c in COLUMNS] for r in rows],
        title="Danh sách cán bộ",
    )
