"""Legal calculations on demand (issue 6, item 6): one service behind the ``calc``
command, the lawyers' calculator page and the REST endpoint.

- ``parsing`` — reading JSON input, errors naming the field;
- ``kinds`` — one function per kind: input → reference data → ``regulations`` → output;
- ``service`` — ``run_calculation(kind=..., payload=...)``, the registry of kinds, and
  ``calculation_run``: the same, audited (``calc.run``), for the command, page and API;
- ``formatting`` — decimals as strings;
- ``forms``, ``views``, ``viewsets`` — the page; ``api`` — the REST endpoint.
"""
