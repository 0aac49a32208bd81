"""What to do and say at the table: the move table, the phrase library, the offer advice (pure).

The layer after the pure core and before the session store (``tests/architecture/test_layers.py``)::

    record.py       what the playbook reads of a session: signal and decision kinds, protocols
    moves.py        the stage machine of the move table; the guide for a stage; the reminders
    phrases.py      fills the say and how lines of a move from the case and its culture profile
    say_lines.py    the say templates per move, context and directness (data)
    table_facts.py  the computed facts the closing words may state (why a deal stalls)
    advice.py       the stance x situation table's answer for the offer on the table

Everything here works on a case alone (``brightline plan`` shows the opening moves) or on the
state a session store replayed and hands over; nothing here opens a file or a database.
"""
