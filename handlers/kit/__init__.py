"""What every feature's handlers share: the callback-data codec, the one refusal path (through
``auth.member_only``), the typed context and user_data, replies and pages, the conversation
helper, and the guards every update passes (reachability, edited messages, the group pointer,
the fallback). Nothing is imported here, so the pure codec can be imported on its own."""
