"""Cache the guide's public pages until an editor changes any content.

Every replica keeps rendered pages in its own memory, keyed on a content version token that
lives in the shared database. Any save or delete of guide content writes a new token in the
same transaction, so the next request on every replica, after one cheap query, misses the
cache and renders fresh content. An edit shows at once everywhere; no shared cache server.
"""
