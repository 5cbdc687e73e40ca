"""The import contracts of pyproject.toml (``make lint`` runs them with ``lint-imports``):
they hold on the real code, and a deliberate wrong import breaks the matching one.
See docs/architecture.md. No database: only the import graph of the sources."""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from pathlib import Path

import grimp
import pytest
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract
from importlinter.contracts.protected import ProtectedContract

pytestmark = pytest.mark.dateless  # the import graph: no date is read

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACT_TYPES = {kind.type_name: kind for kind in (ForbiddenContract, LayersContract, ProtectedContract)}
NOT_APPS = {"tests", "bench"}  # packages beside the apps that no layer holds

configure()  # import-linter's adapters (its clock, used when a contract reports what broke it)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """The import graph of the project, built once (imports inside functions included)."""
    return grimp.build_graph(
        *CONFIG["root_packages"], include_external_packages=CONFIG["include_external_packages"], cache_dir=None
    )


def contract(contract_id: str):
    options = next(c for c in CONFIG["contracts"] if c["id"] == contract_id)
    return CONTRACT_TYPES[options["type"]](
        name=options["name"], session_options=CONFIG, contract_options=options
    )


@contextmanager
def with_import(graph: grimp.ImportGraph, importer: str, imported: str):
    """The graph with one more import, taken out again afterwards (the graph is shared)."""
    added = {importer, imported} - graph.modules
    assert added or not graph.direct_import_exists(importer=importer, imported=imported)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    try:
        yield graph
    finally:
        graph.remove_import(importer=importer, imported=imported)
        for module in added:
            graph.remove_module(module)


def test_every_app_is_a_root_package_of_the_contracts():
    # a new app (casefiles) must join root_packages, or the contracts would not look at it
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - NOT_APPS
    assert packages == set(CONFIG["root_packages"])


@pytest.mark.parametrize("contract_id", [c["id"] for c in CONFIG["contracts"]])
def test_the_code_keeps_every_contract(graph, contract_id):
    assert contract(contract_id).check(graph, verbose=False).kept


@pytest.mark.parametrize(
    ("contract_id", "importer", "imported"),
    [
        ("regulations-pure", "regulations.penalties", "django"),
        ("regulations-pure", "regulations.vat", "reference.selectors"),
        ("core-floor", "core.imports", "billing.models"),
        ("core-floor", "core.management.commands.seed_demo", "documents.pdf.launcher"),
        ("flows-on-top", "metering.services", "workflows.tasks"),
        ("flows-on-top", "billing.models", "casefiles"),
        ("flows-on-top", "settlements.selectors", "casefiles.selectors"),
        ("flows-on-top", "documents.access", "casefiles.models"),
        ("flows-on-top", "inspections.services.acts", "workflows.models"),
        ("app-layers", "inspections.services.acts", "casefiles.models"),
        ("app-layers", "settlements.services", "inspections.models"),
        ("app-layers", "casefiles.services", "workflows.models"),
        ("app-layers", "subscribers.models", "metering.models"),
        ("app-layers", "billing.services.runs", "settlements.models"),
        ("app-layers", "documents.services", "subscribers.models"),
        ("app-layers", "audit.services", "reference.models"),
        ("tasks-import-services", "billing.services.runs", "billing.tasks"),
        ("tasks-import-services", "billing.invoices.services", "billing.invoices.tasks"),
        ("tasks-import-services", "workflows.queued", "workflows.tasks"),
    ],
)
def test_a_wrong_import_breaks_its_contract(graph, contract_id, importer, imported):
    # given the real graph and one deliberate wrong import
    with with_import(graph, importer, imported) as wrong:
        # then the contract that forbids it is broken
        assert not contract(contract_id).check(wrong, verbose=False).kept
    # and kept again without it
    assert contract(contract_id).check(graph, verbose=False).kept


def test_the_flows_may_use_case_files(graph):
    # the claim flow (workflows) is built on the case files' services; config mounts their pages
    assert graph.direct_import_exists(importer="workflows.claim", imported="casefiles.services")
    for contract_id in ("flows-on-top", "app-layers"):
        assert contract(contract_id).check(graph, verbose=False).kept, ("workflows.claim", contract_id)
    with with_import(graph, "config.site", "casefiles.services") as allowed:
        for contract_id in ("flows-on-top", "app-layers"):
            assert contract(contract_id).check(allowed, verbose=False).kept, ("config.site", contract_id)


def test_a_tasks_module_may_import_another_one_and_services(graph):
    # tasks import services, and a task may queue another app's task directly
    with with_import(graph, "settlements.tasks", "billing.tasks") as allowed:
        assert contract("tasks-import-services").check(allowed, verbose=False).kept
