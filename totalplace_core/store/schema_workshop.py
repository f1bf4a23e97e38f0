"""Columns added for live workshops (migration 4).

- `prompts_json` on a session version: the ORID prompt questions as edited for that session
  (JSON object stage -> list of questions); NULL means the guide's defaults.
- `participant_id` on forces and answers: the app-made id of the phone or laptop that typed
  it, so each person's own map holds together even when they stay anonymous.
"""

STATEMENTS: list[str] = [
    "ALTER TABLE workshop_session ADD COLUMN prompts_json VARCHAR",
    "ALTER TABLE force ADD COLUMN participant_id VARCHAR",
    "ALTER TABLE orid_answer ADD COLUMN participant_id VARCHAR",
]
