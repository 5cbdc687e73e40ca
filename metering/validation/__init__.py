"""Validation of readings: pure rules (``rules``) over facts gathered from the database (``facts``)."""
