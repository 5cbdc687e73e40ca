"""Russian wording every layer shares (the messages of core itself included)."""


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``n``: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль."""
    n = abs(n)
    if n % 100 in (11, 12, 13, 14):
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)


# Confidence marks of a working note (❓ unconfirmed, ⚠️ press only, ✅ seen in a source): they belong to
# the project's notes and code comments, never to a stored requirement or an issued document.
CONFIDENCE_MARKS = ("❓", "⚠️", "⚠", "✅", "\ufe0f")


def without_confidence_marks(text: str) -> str:
    """``ПП РФ № 1034, п. 64 ❓`` → ``ПП РФ № 1034, п. 64``: the text with every confidence mark removed
    and the spaces they leave collapsed."""
    if not isinstance(text, str) or not any(mark in text for mark in CONFIDENCE_MARKS):
        return text
    for mark in CONFIDENCE_MARKS:
        text = text.replace(mark, "")
    return " ".join(text.split())


def has_confidence_mark(text: str) -> bool:
    return any(mark in text for mark in CONFIDENCE_MARKS)
