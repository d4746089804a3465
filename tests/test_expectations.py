"""Parsing of the declared expectations files."""

import pytest

from gia_pipeline.lib.expectations import ExpectationDeclarationError, discover, load_file


def test_declarations_become_named_blocking_checks(tmp_path):
    path = tmp_path / "reference" / "expectations.yaml"
    path.parent.mkdir()
    path.write_text("""
t:
  - expect_column_values_to_be_unique: {column: code}
  - expect_column_values_to_be_unique: {column: code}
  - expect_table_row_count_to_equal: {value: 3}
    blocking: false
    severity: warn
""")
    found = load_file(path, "reference")
    assert [d.check_name for d in found] == [
        "column_values_to_be_unique__code", "column_values_to_be_unique__code_2", "table_row_count_to_equal"]
    assert [d.blocking for d in found] == [True, True, False]
    assert found[2].severity == "warn"
    assert found[0].gx_class_name == "ExpectColumnValuesToBeUnique"


def test_marts_checks_do_not_block_by_default(tmp_path):
    path = tmp_path / "marts" / "expectations.yaml"
    path.parent.mkdir()
    path.write_text("t:\n  - expect_table_row_count_to_equal: {value: 3}\n")
    assert not load_file(path, "marts")[0].blocking


@pytest.mark.parametrize("body, message", [
    ("t: 3", "must hold a list"),
    ("t:\n  - not_an_expectation: {}", "expected one 'expect_"),
    ("t:\n  - expect_x: [1, 2]", "must be a mapping"),
    ("t:\n  - expect_x: {}\n    severity: fatal", "severity must be"),
    ("t: [", "not valid YAML"),
])
def test_malformed_files_name_the_file(tmp_path, body, message):
    path = tmp_path / "staging" / "expectations.yaml"
    path.parent.mkdir()
    path.write_text(body)
    with pytest.raises(ExpectationDeclarationError, match=message) as err:
        discover(tmp_path, {("staging", "t")})
    assert str(path) in str(err.value)


def test_unknown_table(tmp_path):
    path = tmp_path / "staging" / "expectations.yaml"
    path.parent.mkdir()
    path.write_text("nope:\n  - expect_table_row_count_to_equal: {value: 1}\n")
    with pytest.raises(ExpectationDeclarationError, match="staging.nope is not produced"):
        discover(tmp_path, {("staging", "t")})
