-- A verdict on a task (done, exceeded, not achieved) and its undo keep what the task was
-- before them, so taking a completion back restores its status and progress exactly.

ALTER TABLE task_updates ADD COLUMN previous_status TEXT;
ALTER TABLE task_updates ADD COLUMN previous_progress INTEGER;
