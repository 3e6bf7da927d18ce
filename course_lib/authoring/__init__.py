"""For course authors: the solution notebooks are the source; the learner copies are generated from them.

`make notebooks` (python -m course_lib.authoring) re-runs the solutions that changed and writes the copies.
"""
