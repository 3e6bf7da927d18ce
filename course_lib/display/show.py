"""Show the course's real source and files in a notebook, rather than retyped copies that drift."""

import inspect
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from IPython.display import Markdown, display


def show_source(obj) -> None:
    """Display the source of a course_lib module, function or asset (decorator included), highlighted."""
    if hasattr(obj, "op"):  # an AssetsDefinition: show the decorated function
        obj = obj.op.compute_fn.decorated_fn
    display(Markdown(f"```python\n{inspect.getsource(obj).rstrip()}\n```"))


def describe_parquet(path: Path) -> None:
    """Print a parquet file's name, row count and columns with their types."""
    path = Path(path)
    schema = pq.read_schema(path)
    print(f"{path.name}: {pq.read_metadata(path).num_rows:,} rows, {len(schema)} columns")
    for field in schema:
        print(f"  {field.name:<24} {field.type}")


def first_rows(path: Path, n: int = 3):
    """The first `n` rows of a parquet file, as a DataFrame."""
    with duckdb.connect() as conn:  # in memory: the course's DuckDB file stays free
        return conn.execute("SELECT * FROM read_parquet(?) LIMIT ?", [str(path), n]).df()
