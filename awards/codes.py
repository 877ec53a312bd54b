"""The codes of a certificate: a 128-bit token behind the QR code, and a short code people can
type (60 random bits in three groups of four, without the letters people confuse)."""

import secrets

SHORT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 12


def new_token() -> str:
    return secrets.token_hex(16)


def new_short_code() -> str:
    raw = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, SHORT_CODE_LENGTH, 4))


def normalise_short_code(value: str) -> str:
    """What a person typed, as stored: upper case, groups of four, look-alikes mapped."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"}))
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def is_token(value: str) -> bool:
    return len(value) == 32 and all(ch in "0123456789abcdef" for ch in value)
