"""A checkbox column in a plain-text file is read from its text, not from a page image
the file does not have (the stop's second code read: extracting such a file raised
"ValueError: page 1 has no image renderer", a traceback for a user's input)."""

from tests.parsing import extract_text

TEMPLATE = '''template t {
  match { contains "Checklist" }
  table items {
    task: text header "Task"
    done: checkbox header "Done"
    until "End"
  }
}'''


def test_a_checklist_in_a_text_file_is_read(tmp_path):
    text = ("Checklist\nTask                 Done\nCheck valves         X\n"
            "Check seals          X\nEnd\n")
    result = extract_text(tmp_path, TEMPLATE, text)
    rows = [(row["task"].value, row["done"].value) for row in result.tables["items"]]
    assert rows == [("Check valves", True), ("Check seals", True)]
