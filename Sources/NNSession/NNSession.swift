// NNSession: see DESIGN.md §2 for this module's job.
