"""formsift's errors cross process boundaries as themselves (SDK-in-a-worker journey: a
task queue running ``engine.extract`` in a ``ProcessPoolExecutor`` got ``BrokenProcessPool``
for one unreadable upload, on every pending task, because ``InputError`` could not be
unpickled: its ``__init__`` takes ``(source, reason)``, its ``args`` only the message)."""

from __future__ import annotations

import concurrent.futures as cf
import pickle

import pytest

import formsift
from formsift.core.errors import ComponentNotFound, DocumentTimeout, ExtractionError
from formsift.plugins.loaders.limits import PageLimitError
from formsift.templates.params import ParamError

ERRORS = [
    formsift.FormsiftError("bad option", hint="try another"),
    formsift.InputError("upload-7.pdf", "file is empty", hint="send it again"),
    PageLimitError("scan.tif", "has 1,200 pages, over max_pages 1,000", pages=1200, limit=1000),
    formsift.TemplateError("template has errors", ["a diagnostic"], listing="a listing"),
    formsift.PluginError("plugin 'x' failed", distribution="formsift-x"),
    ComponentNotFound("no component 'y'"),
    ExtractionError("cannot extract"),
    DocumentTimeout("scan.png: took longer than 60 s"),
    ParamError("template 'statement' needs the parameter 'applicant'"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_an_error_pickles_as_itself(error: formsift.FormsiftError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.args == error.args
    assert vars(back) == vars(error)  # source, reason, hint, pages, limit, diagnostics...


def _extract_junk(name: str) -> object:
    engine = formsift.Engine()
    return engine.extract(b"no document at all", "invoice", name=name)


def test_an_unreadable_input_in_a_process_pool_raises_its_input_error() -> None:
    with cf.ProcessPoolExecutor(1) as pool:
        future = pool.submit(_extract_junk, "upload-7.pdf")
        with pytest.raises(formsift.InputError) as caught:
            future.result()
        assert caught.value.source == "upload-7.pdf"
        assert str(caught.value).startswith("upload-7.pdf: ")
        assert pool.submit(pow, 2, 5).result() == 32  # the pool still works
