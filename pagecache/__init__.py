"""Cache the guide's public pages until an editor changes any content.

Every worker keeps rendered pages in its own memory, keyed on a content version token that lives
in the shared database. Any save or delete of guide content writes a new token in the same
transaction. The worker that saved re-reads the token on its next request; every other worker and
replica re-reads it at most a second later (see version.py), then misses the cache and renders
fresh content. No shared cache server, and replicas never disagree for more than that second.
"""
