"""Names a mailbox hands over (journey inbox, findings 6 and 7): a directory given as a
document said only 'is a directory, not a document', with no word of `formsift batch`;
an attachment named 'a\\nb.png' made a debug folder with a newline in its name."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from formsift import Engine
from formsift.core.errors import InputError


def test_a_directory_points_at_batch(tmp_path):
    with pytest.raises(InputError) as caught:
        Engine(seen_store="memory").load(tmp_path)
    assert "formsift batch" in caught.value.hint


@pytest.mark.parametrize("name, folder", [("a\nb.png", "a_b.png"), ("x:y?.png", "x_y_.png"),
                                          ("scan.png", "scan.png")])
def test_a_debug_folder_has_no_control_characters(tmp_path, name, folder):
    data = cv2.imencode(".png", np.full((60, 60, 3), 255, np.uint8))[1].tobytes()
    engine = Engine(seen_store="memory", debug_dir=tmp_path / "dbg")
    engine.extract(data, "receipt", name=name)
    assert [p.name for p in (tmp_path / "dbg").iterdir()] == [folder]
