"""The public hook specification of formsift plugins.

A plugin is a module (or object) with functions decorated by :data:`hookimpl`, published
under the entry-point group ``formsift`` in its distribution's ``pyproject.toml``::

    [project.entry-points.formsift]
    mything = "formsift_mything.plugin"

Registration hooks return component classes, which the plugin manager indexes by kind and
name; a name registered twice is an error naming both distributions. All hooks run in the
process that builds the :class:`~formsift.core.plugins.PluginRegistry` (the main process,
and each batch worker again, since a worker rebuilds the registry when it starts). Every
registration hook is called once per registry; their results from all plugins are merged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from formsift.core.document import Document, Page
    from formsift.core.kinds import (
        Exporter,
        FieldType,
        Loader,
        Preprocessor,
        Recognizer,
        Segmenter,
        Validator,
    )
    from formsift.core.result import ExtractionResult

PROJECT = "formsift"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Decorate plugin functions with this: ``@hookimpl def formsift_register_loaders(): ...``
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def formsift_register_loaders() -> list[type[Loader]]:
    """Return loader classes: components that turn input bytes into a Document.

    Called once when the registry is built, in every process that builds one. The engine
    offers each input to the loaders in registration order and uses the first whose
    ``accepts`` returns True (built-in loaders come first unless blocked).
    """


@hookspec
def formsift_register_preprocessors() -> list[type[Preprocessor]]:
    """Return preprocessor classes: deterministic transforms of a page image.

    Called once when the registry is built. Templates name them in their pipeline block
    (``preprocess deskew, denoise(strength=3)``); they run in the order written.
    """


@hookspec
def formsift_register_segmenters() -> list[type[Segmenter]]:
    """Return segmenter classes: finders of text, handwriting, checkboxes and ruling lines.

    Called once when the registry is built. Templates name them in their pipeline block
    (``segment ppocr_det``).
    """


@hookspec
def formsift_register_recognizers() -> list[type[Recognizer]]:
    """Return recognizer classes: readers of text regions into words with confidences.

    Called once when the registry is built. A recognizer that holds a model loads it in
    ``setup()``, which runs once per worker process, not here.
    """


@hookspec
def formsift_register_validators() -> list[type[Validator]]:
    """Return validator classes whose functions template rules may call.

    Called once when the registry is built. Function names must be unique across all
    validators; the checker knows their signatures and type-checks rules with them.
    """


@hookspec
def formsift_register_field_types() -> list[type[FieldType]]:
    """Return field type classes (``money``, ``date``, ``iban``, ...).

    Called once when the registry is built. A field type's name is what templates write
    after the colon in ``field total: money``.
    """


@hookspec
def formsift_register_exporters() -> list[type[Exporter]]:
    """Return exporter classes, named by format (``json``, ``jsonl``, ``csv``).

    Called once when the registry is built. ``formsift extract --format NAME`` picks one.
    """


@hookspec
def formsift_document_loaded(document: Document) -> None:
    """Observe a document right after a loader read it, before any extraction.

    Called in the process that extracts the document (a batch worker in batch runs), once
    per document. Return values are ignored; an exception here is reported as a plugin
    error in the result's audit and does not stop extraction. ``document`` is a view: its
    pages hold copies of the words, so changing them changes nothing that is extracted;
    page images, notes and the metadata are the document's own, to read, not to change.
    """


@hookspec
def formsift_classify_page(page: Page, templates: list[str]) -> dict[str, float] | None:
    """Score one page against templates by other means than their match blocks (a trained
    layout or text classifier).

    Called in the process that extracts the document, once per page, whenever pages are
    classified: a document extracted without a template, and every page of a packet being
    split. ``templates`` names the candidates. Return ``{template_name: score}`` with
    scores in 0..1 for the templates the plugin can judge (names it does not know are
    ignored), or None. Per template, the engine uses the highest of the match block's score
    and every plugin's score, and the template's match threshold still applies: a plugin
    can recognise a page the match block misses, but cannot veto one. An exception here is
    recorded in the result's audit (``plugin_errors``) and the page is scored by the match
    blocks alone.
    """


@hookspec
def formsift_result_ready(result: ExtractionResult) -> None:
    """Observe a finished result (for audit logs, metrics, webhooks).

    Called in the process that extracted the document, once per result, after routing.
    Return values are ignored; an exception here is recorded in the result's audit.
    ``result`` is a copy: changing it changes nothing the caller gets (status, reasons,
    record).
    """


REGISTRATION_HOOKS: dict[str, str] = {
    "formsift_register_loaders": "loader",
    "formsift_register_preprocessors": "preprocessor",
    "formsift_register_segmenters": "segmenter",
    "formsift_register_recognizers": "recognizer",
    "formsift_register_validators": "validator",
    "formsift_register_field_types": "field_type",
    "formsift_register_exporters": "exporter",
}
