"""Use cases on an explicit Session.

Services take `session` (and `actor`, `now` where they matter) as arguments and only
flush; the edge (view, job, CLI command) owns the transaction.
"""
