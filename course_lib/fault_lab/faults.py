"""Break things on purpose, to see partitions contain the damage (the fault lab)."""

from course_lib import taxi_data
from course_lib.defs.partitions import month_of


def corrupt_month_file(partition_key: str) -> str:
    """Truncate a month's trips file to a third, as a full disk or a cut download would; returns a sentence."""
    path = taxi_data.existing_trips_file(month_of(partition_key))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return f"{path.name} is now {len(data) // 3:,} of its {len(data):,} bytes: loading it will fail."
