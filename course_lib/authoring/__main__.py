import sys

from course_lib.authoring.learner_copies import main

sys.exit(main())
