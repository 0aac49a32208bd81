"""Live negotiation: sessions, the hash-chained decision trail, concession analytics.

This is the only stateful part of Brightline. The package is split so that the pure parts can be
used without a database::

    events.py      event kinds, their payloads, canonical JSON and the hash chain (pure)
    analytics.py   concession balance, reciprocity, sizes, reservation crossing, creep (pure)
    recording.py   the checks an append must pass: stage moves, reservation, approvals (pure)
    timeline.py    words and JSON for a session's events, analysis and guide (pure)
    database.py    connection lifetime: the URL, the engine, migrations on open (SQLAlchemy)
    tables.py      the tables (sessions, events, checkpoints), as SQLAlchemy Core metadata
    rows.py        rows to events and back, and the checks on a session row (SQLAlchemy)
    store.py       the use cases: start, list, append, verify, anchor, export, import (SQLAlchemy)
    anchor.py      checkpoints signed with a key outside the database (Ed25519)
    exports.py     the strict export reader and the replay that decides what is imported

Importing this package imports nothing heavy; SQLAlchemy is loaded only by ``database``,
``tables`` and ``store``, so ``brightline --help`` and ``brightline plan`` stay fast.

What to do and say at the table (the move table, the phrases, the advice on the offer on the
table) is not here but in :mod:`brightline.playbook`, one layer below: it reads the replayed state
through the protocols of :mod:`brightline.playbook.record` and never imports this package.
"""
