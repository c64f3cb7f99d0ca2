"""Encryption of personal identifiers at rest (#8): AES-256-GCM, plus an HMAC-SHA256 digest
for uniqueness and lookup, so the database never holds a resident ID in clear.

Keys are derived with HKDF-SHA256 from PERSONAL_DATA_KEYS (newest first; the others only
decrypt, for rotation) and PERSONAL_DATA_HASH_KEY, never from SECRET_KEY. A token reads
``v1$<key id>$<base64url(nonce + ciphertext + tag)>``; the key id names the key that
encrypted it, so rows written before a rotation still decrypt.
"""

import base64
import functools
import hashlib
import hmac
import os
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12
VERSION = "v1"


class DecryptionError(ValueError):
    pass


@functools.cache
def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


@functools.cache
def _cipher(secret: str) -> tuple[str, AESGCM]:
    key = _derive(secret, b"portal personal data encryption v1")
    return hashlib.sha256(key).hexdigest()[:8], AESGCM(key)


def _ciphers() -> list[tuple[str, AESGCM]]:
    secrets = [secret for secret in settings.PERSONAL_DATA_KEYS if secret]
    if not secrets:
        raise ImproperlyConfigured("PERSONAL_DATA_KEYS must be set when DEBUG is off.")
    return [_cipher(secret) for secret in secrets]


def _hash_key() -> bytes:
    if not settings.PERSONAL_DATA_HASH_KEY:
        raise ImproperlyConfigured("PERSONAL_DATA_HASH_KEY must be set when DEBUG is off.")
    return _derive(settings.PERSONAL_DATA_HASH_KEY, b"portal personal data digest v1")


def encrypt_many(values: Iterable[str], *, purpose: str) -> list[str]:
    """Tokens for many values at once (seed_demo encrypts a million this way)."""
    values = list(values)
    key_id, aes = _ciphers()[0]
    nonces = os.urandom(NONCE_BYTES * len(values))
    aad = purpose.encode()
    prefix = f"{VERSION}${key_id}$"
    tokens = []
    for i, value in enumerate(values):
        nonce = nonces[i * NONCE_BYTES : (i + 1) * NONCE_BYTES]
        sealed = nonce + aes.encrypt(nonce, value.encode(), aad)
        tokens.append(prefix + base64.urlsafe_b64encode(sealed).decode())
    return tokens


def encrypt(value: str, *, purpose: str) -> str:
    return encrypt_many([value], purpose=purpose)[0]


def decrypt(token: str, *, purpose: str) -> str:
    try:
        version, key_id, body = token.split("$", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    aes = dict(_ciphers()).get(key_id)
    if version != VERSION or aes is None:
        raise DecryptionError(f"no key {key_id!r} among PERSONAL_DATA_KEYS")
    sealed = base64.urlsafe_b64decode(body)
    try:
        plain = aes.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], purpose.encode())
    except InvalidTag as exc:
        raise DecryptionError("the value was altered or the key is wrong") from exc
    return plain.decode()


def is_current(token: str) -> bool:
    """Whether the newest key encrypted this token (False: re-encrypt after a rotation)."""
    return token.split("$", 2)[1:2] == [_ciphers()[0][0]]


def digest_many(values: Iterable[str]) -> list[str]:
    """HMAC-SHA256 digests in unpadded base64url (43 characters). Not hex: a hex digest
    holds a run of 18 decimal digits now and then, which would look like an ID in clear."""
    key = _hash_key()
    return [
        base64.urlsafe_b64encode(hmac.new(key, value.encode(), hashlib.sha256).digest())
        .decode()
        .rstrip("=")
        for value in values
    ]


def digest(value: str) -> str:
    return digest_many([value])[0]
