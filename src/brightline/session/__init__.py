"""Live negotiation: sessions, the hash-chained decision trail, concession analytics, the playbook.

This is the only stateful part of Brightline. The package is split so that the pure parts can be
used without a database::

    events.py      event kinds, their payloads, canonical JSON and the hash chain (pure)
    analytics.py   concession balance, reciprocity, sizes, reservation crossing, creep (pure)
    playbook.py    the stage machine of the move table and what to do and say (pure)
    phrases.py     the phrase library per context and culture profile (pure)
    database.py    connection lifetime: the URL, the engine, migrations on open (SQLAlchemy)
    tables.py      the tables (sessions, events, checkpoints), as SQLAlchemy Core metadata
    rows.py        rows to events and back, and the checks on a session row (SQLAlchemy)
    store.py       the use cases: start, list, append, verify, anchor, export, import (SQLAlchemy)
    anchor.py      checkpoints signed with a key outside the database (Ed25519)
    exports.py     the strict export reader and the replay that decides what is imported

Importing this package imports nothing heavy; SQLAlchemy is loaded only by ``database``,
``tables`` and ``store``, so ``brightline --help`` and ``brightline plan`` stay fast.
"""
