"""The project's component types: each turns a YAML instance in `gia_pipeline/defs/` into Dagster
definitions. Adding a source, a layer of SQL models or a report is a `defs.yaml` using one of these."""

from gia_pipeline.components.municipality_resolution import MunicipalityResolution
from gia_pipeline.components.person_resolution import PersonResolution
from gia_pipeline.components.raw_source import RawSource
from gia_pipeline.components.reference_files import CategoryRules, ReferenceFiles
from gia_pipeline.components.refresh_changes import RefreshChanges
from gia_pipeline.components.reports import EvaluationReport, PublishedSnapshot
from gia_pipeline.components.sql_models import SqlModels

__all__ = ["CategoryRules", "EvaluationReport", "MunicipalityResolution", "PersonResolution", "PublishedSnapshot", "RawSource",
           "ReferenceFiles", "RefreshChanges", "SqlModels"]
