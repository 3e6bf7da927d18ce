"""The checks of exercises 01, 02 and 04, still in one module (the others are in feedback/exercises/)."""

from datetime import datetime

from course_lib.feedback.result import CheckResult, Criterion


def _result(exercise: str, *criteria: Criterion) -> CheckResult:
    return CheckResult(exercise, tuple(criteria))


def _not_solved(exercise: str, message: str) -> CheckResult:
    return CheckResult(exercise, not_solved=message)


# ---------------------------------------------------------------- 04: schedules


def check_trip_update_schedule(schedule) -> CheckResult:
    """Does the schedule fire on the 5th and run the month that just ended?"""
    name = "check_trip_update_schedule"
    if schedule is None:
        return _not_solved(name, "Not solved yet: replace None with your schedule.")
    from course_lib.in_process.schedule_ticks import NO_KEY, resolve, tick_partition

    schedule = resolve(schedule)
    cron_ok = schedule.cron_schedule == "0 0 5 * *"
    criteria = [
        Criterion(
            "It fires at midnight on the 5th of each month",
            cron_ok,
            f"its cron string is '{schedule.cron_schedule}'; '0 0 5 * *' means minute 0, hour 0, day 5",
        )
    ]
    for fired, wanted in [(datetime(2023, 3, 5), "2023-02-01"), (datetime(2023, 12, 5), "2023-11-01")]:
        got = tick_partition(schedule, fired)
        advice = f"its tick asked for {got!r}"
        if got == NO_KEY:
            advice = (
                "its tick runs with no partition key (a plain ScheduleDefinition sends none): build it with "
                "dg.build_schedule_from_partitioned_job(trip_update_job, day_of_month=5, hour_of_day=0)"
            )
        criteria.append(Criterion(f"The tick of {fired:%Y-%m-%d} runs {wanted}", got == wanted, advice))
    return _result(name, *criteria)
