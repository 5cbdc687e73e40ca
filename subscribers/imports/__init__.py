"""Import of the register (consumers, heated objects, loads, contracts) from XLSX or CSV.

- ``layout`` — the sheets, their Russian headers and value kinds (the one description);
- ``parsing`` — file bytes → sheets of raw cells (format, encoding, delimiter, headers);
- ``validation`` — cells → service arguments, required cells, duplicate keys, references;
- ``writing`` — upsert row by row through ``subscribers.services``;
- ``registry`` — ``registry_import()``: the whole import, all or nothing, with its audit event;
- ``template`` — the downloadable template workbook.
"""
