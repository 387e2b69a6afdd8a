"""Explore a store in a browser: a read-only JSON API under /api and an interactive graph page at /.

``create_app(db)`` (in ``proxygraph.serve.app``) builds the ASGI app; it
needs the ``serve`` extra: pip install 'proxygraph[serve]'.
"""
