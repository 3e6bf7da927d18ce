"""Exercise 03's submissions: correct.py, the blog's own answer (blog.py), and each named mistake made to one of
them, so a test can say which criteria it must fail."""

import types
from pathlib import Path

from submissions.variant import as_module, with_changes

SOURCE = (Path(__file__).parent / "correct.py").read_text()
BLOG = (Path(__file__).parent / "blog.py").read_text()
DELETE = 'conn.execute("DELETE FROM trips WHERE partition_date = ?", [month_to_fetch])'
MONTH = "month_to_fetch = context.partition_key[:-3]"

# name -> the (old, new) replacements that make the mistake
MISTAKES = {
    "appends_without_delete": [(DELETE, "pass")],
    "deletes_every_month": [(DELETE, 'conn.execute("DELETE FROM trips")')],
    "no_partition_date": [
        ("total_amount DOUBLE,\n            partition_date VARCHAR)", "total_amount DOUBLE)"),
        ("total_amount, ?\n", "total_amount\n"),
        ("[month_to_fetch, str(trips_file_path", "[str(trips_file_path"),
        (DELETE, "pass"),
    ],
    "full_date_partition": [
        (MONTH, "month_to_fetch = context.partition_key"),
        ("str(trips_file_path(month_to_fetch))", "str(trips_file_path(month_to_fetch[:-3]))"),
    ],
    "hard_coded_month": [(MONTH, 'month_to_fetch = "2023-03"')],
    "no_transaction": [("conn.begin()", "pass"), ("conn.commit()", "pass"), ("conn.rollback()", "pass")],
    "fstring_sql": [
        ('conn.execute("""INSERT', 'conn.execute(f"""INSERT'),
        ("total_amount, ?\n", "total_amount, '{month_to_fetch}'\n"),
        ("read_parquet(?)", "read_parquet('{trips_file_path(month_to_fetch)}')"),
        (", [month_to_fetch, str(trips_file_path(month_to_fetch))])", ")"),
    ],
    "swallows_errors": [("conn.rollback()\n            raise", "conn.rollback()")],
    "select_star": [
        (
            """SELECT VendorID, PULocationID, DOLocationID, RatecodeID, payment_type,
                tpep_dropoff_datetime, tpep_pickup_datetime, trip_distance, passenger_count, total_amount, ?
                FROM""",
            "SELECT *, ? FROM",
        )
    ],
    "executes_on_the_resource": [("    with database.get_connection() as conn:", "    conn = database\n    if True:")],
    "unsolved": [
        (f"    {MONTH}", "    raise NotSolvedYet('Not solved yet: write the body of taxi_trips.')"),
        ("import dagster as dg", "import dagster as dg\nfrom course_lib.errors import NotSolvedYet"),
    ],
}


# The blog's answer with ? placeholders in its one multi-statement text: DuckDB cannot prepare that.
BLOG_MISTAKES = {
    "blog_bound_in_one_text": [
        ("'{month_to_fetch}' as partition_date", "? as partition_date"),
        ("where partition_date = '{month_to_fetch}'", "where partition_date = ?"),
        ("from '{trips_file_path(month_to_fetch)}'", "from read_parquet(?)"),
        ("conn.execute(query)", "conn.execute(query, [month_to_fetch, month_to_fetch, str(trips_file_path(month_to_fetch))])"),  # noqa: E501
    ],
}


def load(name: str) -> types.ModuleType:
    """The submission `name` as a module: correct.py or blog.py ("blog"), with that mistake made."""
    source = BLOG if name.startswith("blog") else SOURCE
    return as_module(with_changes(source, {**MISTAKES, **BLOG_MISTAKES}.get(name, []), name), name)
