"""Checkpoints signed outside the database, so a trail rewritten by someone with access is caught.

The hash chain makes a trail tamper-evident only against someone who cannot recompute it. Whoever
can write to the database can edit an event and re-hash every event after it, or delete the newest
events and fix the session row's count and head: the chain verifies again. A checkpoint closes that
gap. ``brightline session anchor`` signs (session, event count, head, time) with an Ed25519 key
kept in the user's config folder, never in the database, and writes the checkpoint to a file that
is kept elsewhere (mailed to counsel, committed to a repository, printed). ``session verify
--anchor FILE`` then checks that:

* the checkpoint's signature is valid and was made with this machine's key (a checkpoint signed
  with any other key, or edited after signing, is a forgery);
* the trail still holds at least the checkpoint's number of events (else its tail was cut back
  to an earlier head);
* the event at that position still has the signed hash (else the chain was rewritten and
  re-hashed at or before it).

The key file is created on first use with mode 0600. ``BRIGHTLINE_ANCHOR_KEY`` names another
file (tests, or a key on a removable drive). The signed bytes are the canonical JSON of every
checkpoint field but the signature, so the check does not depend on how the file was formatted.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brightline.actions import act
from brightline.session.events import Event, SessionError, canonical_json

KEY_VARIABLE = "BRIGHTLINE_ANCHOR_KEY"
CHECKPOINT_FORMAT = 1
CHECKPOINT_MAX_BYTES = 64 * 1024
"""A checkpoint is a few hundred bytes; a larger file is not one."""


def key_path() -> Path:
    """``BRIGHTLINE_ANCHOR_KEY`` when set, else ``anchor-key.pem`` in the user config folder."""
    chosen = os.environ.get(KEY_VARIABLE, "").strip()
    if chosen:
        return Path(chosen)
    from platformdirs import user_config_dir

    return Path(user_config_dir("brightline", appauthor=False)) / "anchor-key.pem"


def _private_key(path: Path, *, create: bool) -> Any:
    """The Ed25519 key in ``path``, created (mode 0600) when missing and ``create`` is set.

    Raises:
        SessionError: when the file is missing (and not to be created), readable by others,
            unreadable, or not an Ed25519 private key.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not path.exists():
        if not create:
            raise SessionError(
                f"no anchor key at {path}: checkpoints are checked with the key of the machine "
                f"that signed them; run this there, or set {KEY_VARIABLE} to that key file"
            )
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
        except FileExistsError:  # another process created it first: use that one
            return _private_key(path, create=False)
        except OSError as error:
            raise SessionError(
                f"cannot create the anchor key {path} ({error.strerror}); set {KEY_VARIABLE} "
                "to a file you can write"
            ) from None
        return key
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SessionError(
                f"the anchor key {path} can be read by other users (mode {mode & 0o777:o}); "
                f"anyone who reads it can forge checkpoints; run `chmod 600 {path}`"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SessionError(f"cannot read the anchor key {path}: {error.strerror}") from None
    loaded: object = None
    with contextlib.suppress(ValueError, TypeError):
        loaded = serialization.load_pem_private_key(data, password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SessionError(
            f"{path} is not an Ed25519 private key in PEM form; move it away and anchor a "
            "session again to create a new key",
            action=act("session anchor", session=None),
        )
    return loaded


def _public_hex(key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw: bytes = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement that a session's trail had ``events`` events ending in ``head``.

    Attributes:
        session: The session id.
        events: How many events the trail held.
        head: The hash of the last of them.
        at: When it was signed (UTC, ISO 8601).
        key: The signer's Ed25519 public key (hex), so a reader can tell which key signed it.
        signature: Ed25519 signature (hex) over the canonical JSON of the fields above.
    """

    session: str
    events: int
    head: str
    at: str
    key: str
    signature: str

    def signed_text(self) -> bytes:
        """The bytes the signature covers."""
        return canonical_json(
            {
                "brightline_checkpoint": CHECKPOINT_FORMAT,
                "session": self.session,
                "events": self.events,
                "head": self.head,
                "at": self.at,
                "key": self.key,
            }
        ).encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        """The file form (also carried inside exports)."""
        return {
            "brightline_checkpoint": CHECKPOINT_FORMAT,
            "session": self.session,
            "events": self.events,
            "head": self.head,
            "at": self.at,
            "key": self.key,
            "signature": self.signature,
        }


def sign(session: str, events: int, head: str, path: Path | None = None) -> Checkpoint:
    """Sign a checkpoint with the anchor key (created on first use)."""
    key = _private_key(path or key_path(), create=True)
    at = datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")
    unsigned = Checkpoint(session, events, head, at, _public_hex(key), "")
    signature: bytes = key.sign(unsigned.signed_text())
    return Checkpoint(session, events, head, at, unsigned.key, signature.hex())


def trusted_key(path: Path | None = None) -> str:
    """This machine's anchor public key (hex); the key must already exist."""
    return _public_hex(_private_key(path or key_path(), create=False))


def public_key_hex(text: str, source: str) -> str:
    """A public key given by hand (an auditor's copy of the signer's key), checked for form.

    Raises:
        SessionError: when it is not 64 hexadecimal digits (an Ed25519 public key).
    """
    cleaned = text.strip().lower()
    if len(cleaned) != 64 or any(digit not in "0123456789abcdef" for digit in cleaned):
        raise SessionError(
            f"{source}: {text[:80]!r} is not an Ed25519 public key (64 hexadecimal digits); copy "
            'the "key" of a checkpoint the signer gave you'
        )
    return cleaned


def parse_checkpoint(document: Any, source: str) -> Checkpoint:
    """Read a checkpoint from JSON data.

    Raises:
        SessionError: naming ``source`` and the field that is missing or malformed.
    """
    if not isinstance(document, dict) or document.get("brightline_checkpoint") != CHECKPOINT_FORMAT:
        raise SessionError(
            f"{source}: not a Brightline checkpoint (expected a JSON object with "
            f'"brightline_checkpoint": {CHECKPOINT_FORMAT}); anchor the session to write one',
            action=act("session anchor", session=None),
        )
    fields: dict[str, Any] = {}
    for name, kind in (
        ("session", str),
        ("events", int),
        ("head", str),
        ("at", str),
        ("key", str),
        ("signature", str),
    ):
        value = document.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SessionError(
                f"{source}: {name}: missing or not a {kind.__name__}; the checkpoint is damaged, "
                "use the file the session's anchor wrote",
                action=act("session anchor", session=None),
            )
        fields[name] = value
    return Checkpoint(**fields)


def signature_problem(checkpoint: Checkpoint, trusted: str | None) -> str:
    """Why the checkpoint is not a genuine one signed by ``trusted`` (hex key), or "".

    With ``trusted`` None only the signature's consistency with the embedded key is checked
    (an import from another machine, whose key we do not hold).
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if trusted is not None and checkpoint.key != trusted:
        return (
            f"it is signed with key {checkpoint.key[:16]}..., not the trusted key "
            f"{trusted[:16]}... (this machine's anchor key, or the one given): it is forged, or "
            "was signed with another key"
        )
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.key))
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_text())
    except (ValueError, InvalidSignature):
        return "its signature does not match its contents: it was forged or edited after signing"
    return ""


def trail_problem(checkpoint: Checkpoint, session: str, events: list[Event]) -> tuple[int, str]:
    """Where and how the stored trail contradicts a genuine checkpoint; ``(0, "")`` when it holds.

    The first element is the event number to report as broken.
    """
    if checkpoint.session != session:
        return 1, f"the checkpoint is for session {checkpoint.session!r}, not {session!r}"
    if checkpoint.events < 1:
        return 1, f"the checkpoint records {checkpoint.events} events; a trail has at least one"
    if len(events) < checkpoint.events:
        return len(events) + 1, (
            f"the checkpoint of {checkpoint.at} records {checkpoint.events} events ending in "
            f"{checkpoint.head[:12]}, but only {len(events)} are stored: the tail was cut back "
            "to an earlier head"
        )
    anchored = events[checkpoint.events - 1]
    if anchored.hash != checkpoint.head:
        return checkpoint.events, (
            f"event {checkpoint.events} has hash {anchored.hash[:12]}, but the checkpoint of "
            f"{checkpoint.at} signed {checkpoint.head[:12]}: the trail was rewritten and "
            f"re-hashed at or before event {checkpoint.events}"
        )
    return 0, ""
