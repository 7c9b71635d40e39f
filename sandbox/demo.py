"""The demo province and its accounts, shared by `seed_demo` and the tests."""

from dataclasses import dataclass

DEMO_PROVINCE = 37  # Ninh Bình (Hà Nam + Nam Định + Ninh Bình since 1 July 2025)
DEMO_PASSWORD = "saban-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    position: str
    commune: int | None = None  # None: a province-level account


DEMO_COMMUNES = {
    14329: "Phường Hoa Lư",
    14464: "Xã Gia Viễn",
    13666: "Phường Nam Định",
}

DEMO_ACCOUNTS = [
    DemoAccount("quantri", "Đặng Quốc Bảo", "administrator", "other"),
    DemoAccount("dieuphoi", "Phạm Thị Thu Hằng", "coordinator", "other"),
    DemoAccount("giangvien", "Lê Minh Tuấn", "trainer", "other"),
    DemoAccount("tiepnhan1", "Nguyễn Thị Lan", "trainee", "receiving_officer", 14329),
    DemoAccount("chuyenvien1", "Trần Văn Hùng", "trainee", "specialist", 14329),
    DemoAccount("lanhdao1", "Vũ Đức Thắng", "trainee", "leader", 14329),
    DemoAccount("tiepnhan2", "Hoàng Thị Mai", "trainee", "receiving_officer", 14464),
    DemoAccount("chuyenvien2", "Bùi Văn Nam", "trainee", "specialist", 14464),
    DemoAccount("lanhdao2", "Đỗ Thị Hương", "trainee", "leader", 14464),
    DemoAccount(
        "tiepnhan3", "Phan Thị Ngọc Ánh", "trainee", "receiving_officer", 13666
    ),
    DemoAccount("chuyenvien3", "Ngô Quang Huy", "trainee", "specialist", 13666),
    DemoAccount("lanhdao3", "Đinh Văn Long", "trainee", "leader", 13666),
]


# Apps add their demo content (a world, courses, scenarios…) from AppConfig.ready():
# register_seeder(order, name, fn) where fn(province, stdout) is idempotent. The core never
# imports them; seed_demo runs them in order after the accounts exist.
_SEEDERS = []


def register_seeder(order: int, name: str, fn) -> None:
    if all(existing[1] != name for existing in _SEEDERS):
        _SEEDERS.append((order, name, fn))


def seeders():
    return sorted(_SEEDERS, key=lambda item: (item[0], item[1]))
