"""What a world is made of: its recipe and the real communes it lives in.

Plain dataclasses, outside the compiled modules (population/native.py): mypyc cannot
compile frozen dataclasses, and these cross process boundaries (pickled for the child).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CommuneInfo:
    code: int
    name: str
    kind: str  # xa / phuong / dac_khu


@dataclass
class WorldSpec:
    """What a world is made of: the recipe plus the real communes it lives in."""

    province: int
    seed: int
    citizens: int
    communes: list[CommuneInfo]
    province_name: str = ""
    # new province code -> its communes, for births and hometowns outside the province
    other_communes: dict[int, list[CommuneInfo]] = field(default_factory=dict)
    province_names: dict[int, str] = field(default_factory=dict)
    defect_rates: dict[str, float] = field(default_factory=dict)
