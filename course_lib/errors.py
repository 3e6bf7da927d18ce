"""Errors a learner can act on: each message is a sentence that says what to do."""


class CourseError(Exception):
    """A problem with the learner's input or data; the message says how to fix it."""


class InvalidPartitionKey(CourseError, ValueError):
    """A partition key that is not one of the course's months."""


class InvalidMonth(CourseError, ValueError):
    """A month for a file name that is not 'YYYY-MM'."""


class MissingDataFile(CourseError, FileNotFoundError):
    """A file an asset needs has not been made yet."""


class DamagedDataFile(CourseError):
    """A data file that exists but cannot be read."""


class DownloadFailed(CourseError):
    """A taxi file could not be downloaded."""


class DatabaseLocked(CourseError):
    """Another process holds the DuckDB file's write lock."""


class NotSolvedYet(CourseError, NotImplementedError):
    """Raised by an exercise placeholder the learner has not replaced yet."""
