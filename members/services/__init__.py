"""State changes of the register: one function each, atomic, audited in the hash chain."""
