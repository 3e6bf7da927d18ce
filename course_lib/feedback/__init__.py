"""What the learner hears back: exercise checks, end-of-lesson quizzes and the set-up check."""
