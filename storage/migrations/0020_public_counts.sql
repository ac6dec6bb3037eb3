-- The public registry's tasks per cell and year (issue 15): /congkhai shows a page of ten out
-- of 167,000 at 50,000 members, and to know which cells a page spans and how many pages there
-- are it needs every cell's count. Counting them took 30-80 ms of the reader's CPU per ▶
-- press; kept here by triggers, it is a read of a thousand rows.
-- A task counts in (year, cell_id) while its status is public (in_progress, done, exceeded,
-- not_achieved) and its cell_id (its active owner's cell, kept by 0002's triggers) is set; the
-- few tasks of owners who have left (cell_id NULL) are still counted live, by their row.
CREATE TABLE public_task_counts (
    year     INTEGER NOT NULL,
    cell_id  INTEGER NOT NULL,
    tasks    INTEGER NOT NULL,
    PRIMARY KEY (year, cell_id)
) WITHOUT ROWID;

INSERT INTO public_task_counts (year, cell_id, tasks)
SELECT year, cell_id, count(*) FROM tasks
WHERE cell_id IS NOT NULL AND status IN ('in_progress', 'done', 'exceeded', 'not_achieved')
GROUP BY year, cell_id;

CREATE TRIGGER public_task_counts_insert AFTER INSERT ON tasks
WHEN NEW.cell_id IS NOT NULL AND NEW.status IN ('in_progress', 'done', 'exceeded', 'not_achieved')
BEGIN
    INSERT INTO public_task_counts (year, cell_id, tasks) VALUES (NEW.year, NEW.cell_id, 1)
    ON CONFLICT (year, cell_id) DO UPDATE SET tasks = tasks + 1;
END;

CREATE TRIGGER public_task_counts_delete AFTER DELETE ON tasks
WHEN OLD.cell_id IS NOT NULL AND OLD.status IN ('in_progress', 'done', 'exceeded', 'not_achieved')
BEGIN
    UPDATE public_task_counts SET tasks = tasks - 1
    WHERE year = OLD.year AND cell_id = OLD.cell_id;
END;

CREATE TRIGGER public_task_counts_leave AFTER UPDATE OF year, cell_id, status ON tasks
WHEN OLD.cell_id IS NOT NULL AND OLD.status IN ('in_progress', 'done', 'exceeded', 'not_achieved')
BEGIN
    UPDATE public_task_counts SET tasks = tasks - 1
    WHERE year = OLD.year AND cell_id = OLD.cell_id;
END;

CREATE TRIGGER public_task_counts_enter AFTER UPDATE OF year, cell_id, status ON tasks
WHEN NEW.cell_id IS NOT NULL AND NEW.status IN ('in_progress', 'done', 'exceeded', 'not_achieved')
BEGIN
    INSERT INTO public_task_counts (year, cell_id, tasks) VALUES (NEW.year, NEW.cell_id, 1)
    ON CONFLICT (year, cell_id) DO UPDATE SET tasks = tasks + 1;
END;
