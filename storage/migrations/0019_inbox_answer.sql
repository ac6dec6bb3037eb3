-- The inbox keeps an update's answer (issue 15): once the handler's changes are committed
-- (status 'applied'), the first answering request it makes is written here before it waits for
-- the rate limiter's allowance: {"endpoint": "sendMessage", "parameters": {...}} as the Bot API
-- takes it. Found 'applied' at start-up with an answer, the entry has that request made again
-- (the member gets their real answer, not the "recorded before the restart" note). Cleared when
-- the entry is done.
ALTER TABLE inbox ADD COLUMN answer TEXT;
