"""The shipped raw files validate against the data contract, read by the pipeline's own reader,
and an xlsx export of the survey reads to the same rows as the csv one."""

import pytest

from gia_pipeline.lib import contract, paths
from gia_pipeline.lib.landing import list_files
from gia_pipeline.lib.raw_reader import LINEAGE_FIELDS, read_file, typed_value
from gia_rawgen.survey import write_survey_xlsx


def shipped(source: str):
    c = contract.load(source)
    return [(c, p) for p in list_files(paths.DEFAULT_RAW_DIR, c)]


@pytest.mark.parametrize("c, path", [*shipped("survey"), *shipped("meetings"), *shipped("attendance")],
                         ids=lambda v: getattr(v, "name", ""))
def test_every_shipped_file_meets_its_contract(c, path):
    result = read_file(path, c)           # raises RawFileError on anything the contract refuses
    assert result.rows and not result.extra_columns or c.source == "attendance"
    assert result.header_row >= 1


def test_file_counts():
    assert len(shipped("survey")) == 1
    assert len(shipped("meetings")) == 1
    assert len(shipped("attendance")) == 19


def test_xlsx_survey_export_reads_to_the_same_rows(tmp_path):
    c = contract.load("survey")
    csv_rows = read_file(paths.DEFAULT_RAW_DIR / "survey" / "gia_webenquete_export.csv", c).rows
    xlsx_rows = read_file(write_survey_xlsx(tmp_path / "export.xlsx"), c).rows

    def content(rows):
        """Every field by the value it stands for, and the flags; not the lineage (a csv line
        number counts the line breaks inside cells, an xlsx row number does not)."""
        return [{k: (typed_value(c.column(k), v) if k in c.fields else v) for k, v in r.items()
                 if k not in ("_source_file", "_file_sha256", "_source_row")} for r in rows]

    assert len(xlsx_rows) == len(csv_rows) == 182
    assert content(xlsx_rows) == content(csv_rows)
    assert set(LINEAGE_FIELDS) <= set(csv_rows[0])
