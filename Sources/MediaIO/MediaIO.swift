// MediaIO module.
