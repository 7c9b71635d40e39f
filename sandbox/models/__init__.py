from sandbox.models.accounts import Position, Profile, Role
from sandbox.models.units import Commune, CommuneKind, Province
from sandbox.models.worlds import Sandbox, SandboxEvent, World

__all__ = [
    "Commune",
    "CommuneKind",
    "Position",
    "Profile",
    "Province",
    "Role",
    "Sandbox",
    "SandboxEvent",
    "World",
]
