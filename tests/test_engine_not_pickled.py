"""An engine sent to another process says what to do instead (SDK-in-a-worker journey:
``pool.submit(engine.extract, path)`` on a ``ProcessPoolExecutor`` failed with "cannot
pickle 'module' object", which names neither the engine nor a way out)."""

from __future__ import annotations

import concurrent.futures as cf
import copy
import pickle

import pytest

import formsift


def test_pickling_an_engine_says_to_make_one_per_process() -> None:
    with pytest.raises(TypeError, match=r"Engine cannot be sent to another process.*"
                                        r"make one in each worker process"):
        pickle.dumps(formsift.Engine())


def test_submitting_engine_extract_to_a_process_pool_says_so(tmp_path) -> None:
    engine = formsift.Engine()
    with cf.ProcessPoolExecutor(1) as pool:
        future = pool.submit(engine.extract, str(tmp_path / "a.pdf"), "invoice")
        with pytest.raises(TypeError, match="make one in each worker process"):
            future.result()
        assert pool.submit(pow, 2, 5).result() == 32


def test_a_copy_still_shares_the_engine() -> None:
    engine = formsift.Engine()
    view = copy.copy(engine)
    assert view is not engine and view.registry is engine.registry
    assert engine.among(["invoice"]).registry is engine.registry
