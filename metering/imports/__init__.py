"""Import of readings from the files of meter-data systems (CSV or XLSX), all or nothing.

- ``mapping`` — the fields a source's columns map to, the measures each accepts and the
  conversion to ours (pure: no Django);
- ``parsing`` — file bytes → the header row and raw rows, by the source's format, encoding
  and delimiter; the mapped headers found;
- ``validation`` — cells → readings to write: unit by the source's key, period by its
  format, numbers converted and rounded, duplicates within the file and with the register;
- ``readings`` — ``readings_import()``: the whole import in one transaction, written through
  ``metering.services.readings.reading_record`` (its validation flags), with its audit event;
- ``sources`` — ``reading_source_save()``: a source and its column mapping.
"""
