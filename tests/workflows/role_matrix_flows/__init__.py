"""The role matrix of the flows, one module per flows application: each declares its
``samples(world)`` and ``ACCESS`` (tests/accounts/matrix.py); tests/workflows/role_matrix.py
runs the samples and joins the entries in this order. The shared helpers: ``_common``."""
