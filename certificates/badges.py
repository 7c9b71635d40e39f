"""Open Badges 3.0 credentials, their VC-JWT signature and the revocation status list.

Pure functions over plain data. The credential follows the W3C Verifiable Credentials Data
Model 2.0 shape that Open Badges 3.0.3 uses (validFrom, BitstringStatusListEntry); it is
secured as a VC-JWT signed ES256 by the platform key, whose certificate chain to the training
root travels in the JOSE header (x5c), so anyone holding the training root can check it.
"""

import base64
import gzip
import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
ACHIEVEMENT_TYPES = {
    "course": "Course",
    "scenario": "Assessment",
    "drill": "Assessment",
}


class BadToken(ValueError):
    """A JWT that is malformed, uses another algorithm, or whose signature fails."""


# ---------------------------------------------------------------- the credential


@dataclass(frozen=True)
class CredentialFacts:
    credential_id: str  # the public verification address
    subject_id: str  # a pseudonymous urn:uuid, one per certificate
    issuer_id: str
    issuer_name: str
    issuer_url: str
    recipient_name: str
    achievement_id: str
    kind: str
    title: str
    description: str
    criteria: str
    procedures: tuple  # ({"code", "version", "name"}, …)
    valid_from: datetime
    status_list_url: str
    status_index: int
    valid_until: datetime | None = None
    score: float | None = None


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def procedures_version(procedures) -> str:
    """The versions learnt, as one string: "1.001193@1 2.000986@2" (sorted by code)."""
    return " ".join(
        f"{p['code']}@{p['version']}" for p in procedures if p.get("version")
    )


def _achievement(facts: CredentialFacts) -> dict:
    achievement = {
        "id": facts.achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[facts.kind],
        "name": facts.title,
        "description": facts.description or facts.title,
        "criteria": {"narrative": facts.criteria},
        "inLanguage": "vi",
    }
    version = procedures_version(facts.procedures)
    if version:
        achievement["version"] = version
        achievement["tag"] = [
            f"thủ tục {p['code']} phiên bản {p['version']}"
            for p in facts.procedures
            if p.get("version")
        ]
    if facts.score is not None:
        achievement["resultDescription"] = [
            {
                "id": f"{facts.achievement_id}#ket-qua",
                "type": ["ResultDescription"],
                "name": "Kết quả (%)",
                "resultType": "Percent",
            }
        ]
    return achievement


def _subject(facts: CredentialFacts) -> dict:
    subject = {
        "id": facts.subject_id,
        "type": ["AchievementSubject"],
        # Open Badges names a person through an unhashed IdentityObject of type "name".
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": facts.recipient_name,
                "identityType": "name",
                "hashed": False,
            }
        ],
        "achievement": _achievement(facts),
    }
    if facts.score is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": f"{facts.achievement_id}#ket-qua",
                "value": f"{facts.score:g}",
            }
        ]
    return subject


def status_entry(list_url: str, index: int) -> dict:
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def build_credential(facts: CredentialFacts) -> dict:
    """The OpenBadgeCredential (unsigned JSON) of one certificate."""
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.title,
        "issuer": {
            "id": facts.issuer_id,
            "type": ["Profile"],
            "name": facts.issuer_name,
            "url": facts.issuer_url,
        },
        "validFrom": iso(facts.valid_from),
        "credentialSubject": _subject(facts),
        "credentialStatus": status_entry(facts.status_list_url, facts.status_index),
        "credentialSchema": [
            {"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}
        ],
    }
    if facts.valid_until is not None:
        credential["validUntil"] = iso(facts.valid_until)
    return credential


# ---------------------------------------------------------------- JOSE (JWS compact, ES256)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise BadToken("not base64url") from error


def _json(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def sign_jws(
    payload: dict, key: ec.EllipticCurvePrivateKey, *, kid: str, x5c: list[str]
) -> str:
    """`payload` as a JWS compact serialisation signed ES256 (RFC 7515, RFC 7518 §3.4)."""
    header = {"alg": "ES256", "typ": "JWT", "kid": kid, "x5c": x5c}
    signing_input = f"{b64url(_json(header))}.{b64url(_json(payload))}"
    der = key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # JOSE wants R || S, not DER
    return f"{signing_input}.{b64url(raw)}"


def read_jws(token: str) -> tuple[dict, dict, bytes, bytes]:
    """(header, payload, signing input, raw signature) of a compact JWS, unverified."""
    parts = str(token).strip().split(".")
    if len(parts) != 3:
        raise BadToken("a compact JWS has three parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadToken("header or payload is not JSON") from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise BadToken("header and payload must be objects")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    return header, payload, signing_input, b64url_decode(parts[2])


def verify_jws(token: str, public_key: ec.EllipticCurvePublicKey) -> dict:
    """The payload of `token` if it is signed ES256 by `public_key`; BadToken otherwise."""
    header, payload, signing_input, signature = read_jws(token)
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise BadToken("only ES256 is accepted")
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise BadToken("signature does not verify") from error
    return payload


def jwt_claims(credential: dict) -> dict:
    """The VC-JWT payload of Open Badges 3.0 (§8.2): registered claims plus `vc`."""
    issuer = credential["issuer"]
    claims = {
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": _epoch(credential["validFrom"]),
        "iat": _epoch(credential["validFrom"]),
        "vc": credential,
    }
    subject = credential.get("credentialSubject", {})
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    if credential.get("validUntil"):
        claims["exp"] = _epoch(credential["validUntil"])
    return claims


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


# ---------------------------------------------------------------- Bitstring Status List


def encode_status_list(set_indices, size: int) -> str:
    """The W3C Bitstring Status List `encodedList`: multibase base64url of the gzip.

    Bit 0 is the most significant bit of the first byte. gzip's timestamp is zeroed so the
    same list always encodes the same way.
    """
    bits = bytearray(size // 8)
    for index in set_indices:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside a list of {size}")
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + b64url(gzip.compress(bytes(bits), mtime=0))


def decode_status_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix 'u')")
    return gzip.decompress(b64url_decode(encoded[1:]))


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *, list_url: str, issuer_id: str, encoded: str, valid_from: datetime
) -> dict:
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#danh-sach",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
