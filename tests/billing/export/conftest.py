"""Export fixtures: the billed January of the invoices tests."""

from tests.billing.invoices.conftest import archive_dir, billed_january, organization  # noqa: F401
