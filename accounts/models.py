"""Accounts hold no tables of their own yet: users and groups are Django's (see roles.py)."""
