"""Do bad partition keys get a sentence that names the valid range, from every entry point?"""

import pytest

from course_lib.defs.partitions import check_partition_key, month_of, monthly_partition, weekly_partition
from course_lib.errors import InvalidPartitionKey


def test_the_lesson_partitions_cover_2023():
    keys = monthly_partition.get_partition_keys()
    assert keys[0] == "2023-01-01" and keys[-1] == "2023-12-01" and len(keys) == 12
    weeks = weekly_partition.get_partition_keys()
    assert weeks[0] == "2023-01-01" and weeks[-1] == "2023-12-24" and len(weeks) == 52


def test_month_of_strips_the_day():
    assert month_of("2023-03-01") == "2023-03"


@pytest.mark.parametrize(
    "key, hint",
    [
        ("2022-12-01", "outside the course's 12 months"),
        ("2023-13-01", "not a date in the form YYYY-MM-DD"),
        ("march", "not a date in the form YYYY-MM-DD"),
        ("2023-03", "write '2023-03-01'"),
        ("2023-03-15", "the first day of a month"),
        (202303, "not int"),
    ],
)
def test_invalid_month_keys_name_the_valid_range(key, hint):
    with pytest.raises(InvalidPartitionKey) as error:
        check_partition_key(key)
    message = str(error.value)
    assert hint in message
    assert "from '2023-01-01' to '2023-12-01'" in message


def test_invalid_week_key_says_weeks_start_on_sunday():
    with pytest.raises(InvalidPartitionKey, match="a Sunday"):
        check_partition_key("2023-01-02", weekly_partition)
