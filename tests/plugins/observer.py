"""A plugin observing documents and results (records what it saw)."""

from formsift.core.hookspecs import hookimpl

SEEN: list[str] = []


@hookimpl
def formsift_document_loaded(document):
    SEEN.append(f"loaded:{document.name}")
    if document.name == "boom.pdf":
        raise RuntimeError("loaded hook failed")


@hookimpl
def formsift_result_ready(result):
    SEEN.append(f"result:{result.status.value}")
    raise ValueError("observer failure must not break extraction")
