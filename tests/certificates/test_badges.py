import base64
import json
from pathlib import Path

import jsonschema
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

import certificates
from certificates import actions, badges
from fake_portal.signatures.trust import current_trust
from tests.certificates.conftest import SITE

SCHEMA = json.loads(
    (
        Path(certificates.__file__).parent
        / "schema"
        / "open_badge_credential.schema.json"
    ).read_text(encoding="utf-8")
)


def validate(credential):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(credential)


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_independently(token: str) -> dict:
    """Check a VC-JWT with cryptography alone: x5c chain to the training CA, ES256."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_b64(header_b64))
    assert header["alg"] == "ES256"
    signer = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
    signer.verify_directly_issued_by(current_trust().issuing)
    raw = _b64(signature_b64)
    der = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    signer.public_key().verify(
        der, f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256())
    )
    return json.loads(_b64(payload_b64))


def test_the_credential_is_valid_against_the_open_badges_schema(certificate):
    validate(certificate.credential)
    credential = certificate.credential
    assert credential["@context"] == [badges.VC_CONTEXT, badges.OB_CONTEXT]
    assert credential["id"] == f"{SITE}/chung-chi/kiem-tra/{certificate.serial}/"
    assert credential["issuer"]["id"] == f"{SITE}/chung-chi/to-chuc-cap/"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.title
    assert achievement["version"] == "1.001193@1"
    assert "thủ tục 1.001193 phiên bản 1" in achievement["tag"]
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Cán bộ tiepnhan"
    assert subject["result"][0]["value"] == "92.5"
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"] == f"{SITE}/chung-chi/trang-thai/1/"
    assert "validUntil" in credential


def test_a_credential_missing_a_required_field_fails_the_schema(certificate):
    broken = json.loads(json.dumps(certificate.credential))
    del broken["credentialSubject"]["achievement"]["criteria"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_the_jwt_is_signed_es256_by_the_platform_key(certificate):
    payload = verify_independently(certificate.credential_jwt)
    assert payload["vc"] == certificate.credential
    assert payload["iss"] == certificate.credential["issuer"]["id"]
    assert payload["jti"] == certificate.credential["id"]
    assert payload["sub"] == certificate.credential["credentialSubject"]["id"]
    key = actions.signing_key_for(certificate.platform_key)
    assert (
        badges.verify_jws(certificate.credential_jwt, key.cert.public_key()) == payload
    )


def test_a_tampered_jwt_is_rejected(certificate):
    header, payload, signature = certificate.credential_jwt.split(".")
    claims = json.loads(_b64(payload))
    claims["vc"]["credentialSubject"]["identifier"][0]["identityHash"] = "Kẻ Mạo Danh"
    forged_payload = badges.b64url(json.dumps(claims).encode())
    forged = f"{header}.{forged_payload}.{signature}"
    key = actions.signing_key_for(certificate.platform_key)
    with pytest.raises(badges.BadToken):
        badges.verify_jws(forged, key.cert.public_key())
    other = ec.generate_private_key(ec.SECP256R1())
    resigned = badges.sign_jws(claims, other, kid="x", x5c=[])
    with pytest.raises(badges.BadToken):
        badges.verify_jws(resigned, key.cert.public_key())


def test_status_list_encoding_round_trips():
    encoded = badges.encode_status_list([0, 7, 8, 131_071], 131_072)
    assert encoded.startswith("u")
    bits = badges.decode_status_list(encoded)
    assert len(bits) == 16_384
    assert [i for i in (0, 1, 7, 8, 9, 131_071) if badges.bit_is_set(bits, i)] == [
        0,
        7,
        8,
        131_071,
    ]
    assert badges.encode_status_list([7, 0], 131_072) == badges.encode_status_list(
        [0, 7], 131_072
    )


def _bit(client, certificate) -> bool:
    response = client.get(
        certificate.credential["credentialStatus"]["statusListCredential"]
    )
    assert response.status_code == 200
    listed = response.json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = badges.decode_status_list(listed["credentialSubject"]["encodedList"])
    index = int(certificate.credential["credentialStatus"]["statusListIndex"])
    return badges.bit_is_set(bits, index)


def test_revoking_flips_the_status_list_bit(client, certificate, trainer):
    assert _bit(client, certificate) is False
    actions.revoke_certificate(
        certificate, reason="Gian lận khi làm bài", actor=trainer
    )
    assert _bit(client, certificate) is True


def test_the_status_list_is_also_served_as_a_signed_jwt(client, certificate):
    response = client.get("/chung-chi/trang-thai/1/", HTTP_ACCEPT="application/vc+jwt")
    assert response["Content-Type"] == "application/vc+jwt"
    payload = verify_independently(response.content.decode())
    assert payload["vc"]["credentialSubject"]["type"] == "BitstringStatusList"


def test_the_issuer_profile_and_keys_are_public(client, certificate):
    profile = client.get("/chung-chi/to-chuc-cap/").json()
    assert profile["id"] == f"{SITE}/chung-chi/to-chuc-cap/"
    assert profile["type"] == ["Profile"]
    keys = client.get("/chung-chi/to-chuc-cap/khoa.json").json()["keys"]
    header = json.loads(_b64(certificate.credential_jwt.split(".")[0]))
    assert header["kid"] in {k["kid"] for k in keys}
