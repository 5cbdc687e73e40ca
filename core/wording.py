"""Russian wording every layer shares (the messages of core itself included)."""


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``n``: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(n)
    if n % 100 in (11, 12, 13, 14):
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)
